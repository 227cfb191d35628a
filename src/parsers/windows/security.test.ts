import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readEvtx } from '../evtx/reader.js';
import { windowsEvent } from './normalize.js';
import { auditOutcome } from './security.js';

/** Golden mapping tests on public recordings (evtx-to-mitre-attack, CC0; OTRF, MIT) in ../shared/data. */
const DATA = join(import.meta.dirname, '../../../../shared/data/windows');
const EVTX = join(DATA, 'evtx-to-mitre-attack/data');
const RAW = join(DATA, 'evtx-to-mitre-attack/unconverted_evtx');
const OTRF = join(DATA, 'otrf-security-datasets/data/atomic/windows');
const BRUTE = join(EVTX, 'TA0006-Credential Access/T1110.xxx-Brut force');

type Obj = Record<string, any>;

function eid(o: Obj): number {
  const id = o.Event ? o.Event.System.EventID : o.EventID;
  return Number(typeof id === 'object' ? id['#text'] : id);
}

/** The n-th record with event id `id` of a gzipped JSON-lines recording. */
function record(path: string, id: number, n = 0): Obj {
  const all = gunzipSync(readFileSync(path)).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Obj);
  const found = all.filter((o) => eid(o) === id)[n];
  if (!found) throw new Error(`no event ${id} #${n} in ${path}`);
  return found;
}

describe.skipIf(!existsSync(EVTX))('Windows Security mapping, EVTX-to-JSON shape (needs ../shared/data)', () => {
  it('4625: failure, target user, requester, workstation, logon type, Status/SubStatus descriptions', () => {
    const e = windowsEvent(record(join(BRUTE, 'ID 4776,4625-AccountRestore local bruteforce.jsonl.gz'), 4625));
    expect(e.event).toMatchObject({ category: ['authentication'], type: ['start'], action: 'logon-failed', outcome: 'failure', reason: 'wrong password (0xc000006a)' });
    expect(e.user).toEqual({ name: 'Admin', domain: 'WIN' });
    expect(e.source).toEqual({ domain: 'WIN', user: { name: 'Admin', domain: 'WIN', id: 'S-1-5-21-113448046-927799223-410490820-1001' } });
    expect(e.winlog).toMatchObject({
      logon: {
        type: 'Interactive', id: '0x0000000000393f6d',
        failure: {
          status: 'This is either due to a bad username or authentication information',
          sub_status: 'User logon with misspelled or bad password', reason: 'Unknown user name or bad password.',
        },
      },
    });
    expect(e.error).toEqual({ code: '0xc000006a' });
    expect(e.wardwatch).toEqual({ failure_kind: 'bad_password' });
  });

  it('4776 and 4625 of an unknown account: "unknown user name", the workstation as source', () => {
    const file = join(BRUTE, 'ID4625-OpenSSH brutforce with non existing users.jsonl.gz');
    const ntlm = windowsEvent(record(file, 4776));
    expect(ntlm.event).toMatchObject({ action: 'credential-validated', outcome: 'failure', reason: 'unknown user name (0xc0000064)' });
    expect(ntlm.user).toEqual({ name: 'NOUSER' });
    expect(ntlm.source).toEqual({ domain: 'FS01' });
    const logon = windowsEvent(record(file, 4625));
    expect(logon.event.reason).toBe('unknown user name (0xc0000064)');
    expect(logon.winlog).toMatchObject({ logon: { type: 'NetworkCleartext' } });
  });

  it('4625 with a UPN: the name without the realm, the realm as domain', () => {
    const e = windowsEvent(record(join(BRUTE, 'ID4625-OpenSSH brutforce with valid users.jsonl.gz'), 4625));
    expect(e.user).toEqual({ name: 'admmig', domain: 'offsec.lan' });
  });

  it('4768: Kerberos status decides (0x6 unknown principal fails, 0x0 succeeds); ::ffff: is stripped', () => {
    const file = join(BRUTE, 'ID4768-4771-Kerberos brutforce with non existing users.jsonl.gz');
    const bad = windowsEvent(record(file, 4768, 0));
    expect(bad.event).toMatchObject({ action: 'kerberos-authentication-ticket-requested', outcome: 'failure', reason: 'unknown user name (0x6)' });
    expect(bad.source).toEqual({ ip: '10.23.123.11', port: 47388 });
    expect(bad.winlog).toMatchObject({ logon: { failure: { status: 'KDC_ERR_C_PRINCIPAL_UNKNOWN' } } });
    const ok = windowsEvent(record(file, 4768, 1));
    expect(ok.event.outcome).toBe('success');
    expect(ok.event.reason).toBeUndefined();
    expect(ok.user).toMatchObject({ name: 'admmig', id: 'S-1-5-21-4230534742-2542757381-3142984815-1111' });
  });

  it('4771: Kerberos pre-authentication failure 0x18 is a wrong password', () => {
    const e = windowsEvent(record(join(BRUTE, 'ID4771-Kerberos brutforce with valid user.jsonl.gz'), 4771));
    expect(e.event).toMatchObject({ action: 'kerberos-preauth-failed', outcome: 'failure', reason: 'wrong password (0x18)' });
    expect(e.wardwatch).toEqual({ failure_kind: 'bad_password' });
  });

  it('4648: the subject is the user, the explicit account its target and effective user', () => {
    const e = windowsEvent(record(join(BRUTE, 'ID4625-OpenSSH brutforce with valid users.jsonl.gz'), 4648, 1));
    expect(e.event).toMatchObject({ action: 'logged-in-explicit', outcome: 'success' });
    expect(e.user).toMatchObject({ name: 'FS01$', domain: 'OFFSEC', target: { name: 'admmig', domain: 'OFFSEC' }, effective: { name: 'admmig' } });
  });

  it('4720 and 4732: IAM creation and group change, with subject, target account and group', () => {
    const created = windowsEvent(record(join(EVTX, 'TA0003-Persistence/T1136-Create account/ID4720-Local user created.jsonl.gz'), 4720));
    expect(created.event).toMatchObject({ category: ['iam'], type: ['user', 'creation'], action: 'added-user-account', outcome: 'success' });
    expect(created.user).toMatchObject({ name: 'admmig', domain: 'OFFSEC', target: { name: 'hacking-local-acct', domain: 'JUMP01' } });
    const added = windowsEvent(record(join(EVTX, 'TA0003-Persistence/T1098.xxx-Account manipulation/ID4732-User added to local admin groups.jsonl.gz'), 4732));
    expect(added.event).toMatchObject({ category: ['iam'], type: ['group', 'change'], action: 'added-member-to-group' });
    expect(added.group).toEqual({ name: 'Users', domain: 'Builtin', id: 'S-1-5-32-545' });
    expect(added.user).toMatchObject({ name: 'admmig', target: { name: 'S-1-5-21-1470532092-3758209836-3742276719-1001' } });
  });

  it('PowerShell 4104 is a process event', () => {
    const e = windowsEvent(record(join(EVTX, 'TA0006-Credential Access/T1003-Credential dumping/ID800-4103-4104-LSASS dump with LSASSY (PowerShell).jsonl.gz'), 4104));
    expect(e.event).toMatchObject({ category: ['process'], type: ['info'] });
  });

  it('winlogbeat shape: the same record shipped by winlogbeat maps the same way', () => {
    const evtx = record(join(BRUTE, 'ID 4776,4625-AccountRestore local bruteforce.jsonl.gz'), 4625).Event;
    const sys = evtx.System;
    const beat = {
      '@timestamp': '2023-09-25T20:39:50.822Z',
      winlog: {
        channel: sys.Channel, event_id: String(sys.EventID), provider_name: sys.Provider['#attributes'].Name, computer_name: sys.Computer,
        record_id: sys.EventRecordID, keywords: ['Audit Failure'], event_data: evtx.EventData,
      },
      event: { code: '4625', outcome: 'failure' },
    };
    const a = windowsEvent(beat);
    const b = windowsEvent({ Event: evtx });
    for (const k of ['user', 'source', 'error', 'wardwatch'] as const) expect(a[k]).toEqual(b[k]);
    expect(a.event).toMatchObject({ outcome: 'failure', reason: b.event.reason, action: 'logon-failed' });
    expect((a.winlog as Obj).logon).toEqual((b.winlog as Obj).logon);
  });
});

describe.skipIf(!existsSync(OTRF))('Windows mapping, OTRF/NXLog flat shape (needs ../shared/data)', () => {
  const rubeus = join(OTRF, 'credential_access/host/empire_shell_rubeus_asktgt_ptt_2020-09-21223848.json.gz');
  it('4624 with NXLog signed 64-bit Keywords: success; loopback gives no source address', () => {
    const e = windowsEvent(record(rubeus, 4624));
    expect(e.event).toMatchObject({ category: ['authentication'], action: 'logged-in', outcome: 'success' });
    expect(e.user).toMatchObject({ name: 'MORDORDC$', domain: 'THESHIRE.LOCAL' });
    expect(e.source?.ip).toBeUndefined();
    expect(e.winlog).toMatchObject({ logon: { type: 'Network' } });
  });

  it('4768 success from a real client', () => {
    const e = windowsEvent(record(rubeus, 4768));
    expect(e.event.outcome).toBe('success');
    expect(e.user).toMatchObject({ name: 'pgustavo' });
    expect(e.source).toMatchObject({ ip: '172.18.39.6', port: 53409 });
  });

  it('Sysmon 3 and 13: network and registry categories', () => {
    const f = join(OTRF, 'defense_evasion/host/cmd_bitsadmin_download_psh_script_2020-10-2302365189.json.gz');
    const net = windowsEvent(record(f, 3));
    expect(net.event).toMatchObject({ category: ['network'], type: ['start', 'connection', 'protocol'], action: 'Network connection' });
    expect(net.destination).toMatchObject({ ip: '239.255.255.250', port: 1900 });
    const reg = windowsEvent(record(f, 13));
    expect(reg.event).toMatchObject({ category: ['configuration', 'registry'], type: ['change'] });
  });
});

describe.skipIf(!existsSync(RAW))('Windows mapping, binary .evtx (needs ../shared/data)', () => {
  function events(path: string): ReturnType<typeof windowsEvent>[] {
    const out: ReturnType<typeof windowsEvent>[] = [];
    for (const r of readEvtx(gunzipSync(readFileSync(path)))) if ('event' in r) out.push(windowsEvent(r.event));
    return out;
  }

  it('4624 read from a binary file: success, logon type by name, target user', () => {
    const all = events(join(RAW, 'TA0007-Discovery/T1069-Permission Groups Discovery/ID4799-4624-Local admin group enumerated by SharpHound.evtx.gz'));
    const logons = all.filter((e) => e.event.code === '4624');
    expect(logons.length).toBeGreaterThan(0);
    for (const e of logons) {
      expect(e.event).toMatchObject({ category: ['authentication'], action: 'logged-in', outcome: 'success' });
      expect(typeof e.user?.name).toBe('string');
      expect(typeof (e.winlog as Obj).logon.type).toBe('string');
    }
    const enumerated = all.filter((e) => e.event.code === '4799');
    expect(enumerated[0]?.event).toMatchObject({ category: ['iam'], type: ['group', 'info'], action: 'user-member-enumerated' });
  });

  it('PowerShell 4103/4104 read from a binary file are process events', () => {
    const all = events(join(RAW, 'TA0003-Persistence/T1546-Event Triggered Execution/ID800-4103-4104-WMI registration via PowerLurk.evtx.gz'));
    const ps = all.filter((e) => e.event.code === '4104' || e.event.code === '4103');
    expect(ps.length).toBeGreaterThan(0);
    for (const e of ps) expect(e.event.category).toEqual(['process']);
  });
});

describe('audit keywords in every shape', () => {
  it('reads hex text, NXLog signed numbers, winlogbeat names and NXLog EventType', () => {
    expect(auditOutcome({ Keywords: '0x8010000000000000' })).toBe('failure');
    expect(auditOutcome({ Keywords: '0x8020000000000000' })).toBe('success');
    expect(auditOutcome({ Keywords: -9218868437227405312 })).toBe('failure');
    expect(auditOutcome({ Keywords: -9214364837600034816 })).toBe('success');
    expect(auditOutcome({ Keywords: ['Audit Failure'] })).toBe('failure');
    expect(auditOutcome({ EventType: 'AUDIT_SUCCESS' })).toBe('success');
    expect(auditOutcome({ Keywords: '0x8000000000000000' })).toBeUndefined();
  });
});
