/**
 * Regenerates the evidence events (rules/healthcare/win_*.events.json) of the Windows rules of
 * the healthcare pack from the public recordings in ../shared/data/windows: real records, and
 * edited copies where the sets hold no example (each file's description says which).
 * Run after `npx tsc -p tsconfig.build.json`: node scripts/windows-evidence.mjs
 */
import { writeFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { readEventFile } = await import(join(ROOT, 'dist/src/cli/sigma.js'));
const W = join(ROOT, '..', 'shared', 'data', 'windows');
function walk(d, o = []) {
  for (const n of readdirSync(d)) {
    const p = join(d, n);
    if (statSync(p).isDirectory()) walk(p, o);
    else if (p.endsWith('.gz')) o.push(p);
  }
  return o;
}
const files = [...walk(W + '/evtx-to-mitre-attack/data'), ...walk(W + '/otrf-security-datasets/data/atomic/windows')];
const all = [];
for (const f of files) for (const e of readEventFile(f).events) if (e.raw) all.push({ f, r: e.raw });
const find = (pred, n = 1) => all.filter((x) => pred(x.r, x.f)).slice(0, n).map((x) => x.r);
const eid = (r) => String(r.EventID);
const clone = (r, patch) => ({ ...structuredClone(r), ...patch });
const mk = (name, description, must, mustNot) => {
  if (!must.length || !mustNot.length) console.error('EMPTY', name, must.length, mustNot.length);
  writeFileSync(join(ROOT, 'rules', 'healthcare', `${name}.events.json`), JSON.stringify({ description, sequence: false, must_match: must, must_not_match: mustNot }, null, 2) + '\n');
};
const svc = find((r) => eid(r) === '5145' && r.RelativeTargetName === 'svcctl' && /%%4417/.test(r.AccessList ?? ''), 3);
const ipcRead = find((r) => eid(r) === '5145' && /IPC\$/.test(r.ShareName ?? '') && r.RelativeTargetName !== 'svcctl' && !/%%4417/.test(r.AccessList ?? ''), 2);
mk('win_remote_service_svcctl', 'Real 5145 svcctl write opens (evtx-to-mitre-attack remote service creation, OTRF Covenant/SharpSC); other IPC$ pipes opened for read must not match, nor a svcctl open from the host itself (same event, IpAddress set to ::1).', svc, [...ipcRead, clone(svc[0], { IpAddress: '::1' })]);
const seen7045 = new Set();
const s7045 = find((r) => eid(r) === '7045' && !seen7045.has(String(r.ImagePath).slice(0, 30)) && seen7045.add(String(r.ImagePath).slice(0, 30)), 40);
const bad7045 = s7045.filter((r) => !/program files|drivers\\npcap/i.test(r.ImagePath ?? ''));
const ok7045 = s7045.filter((r) => /program files|drivers\\npcap/i.test(r.ImagePath ?? ''));
mk('win_service_install_unusual_path', 'Real 7045 events of PsExec, SMBexec, Tchopper, Mimikatz driver and a random service; real installs of Office Click-to-Run, Microsoft Search and the npcap driver (same recordings) and an svchost service (edited copy) must not match.', bad7045, [...ok7045, clone(ok7045[0], { ImagePath: 'C:\\Windows\\System32\\svchost.exe -k netsvcs' })]);
const adminW = [...find((r) => eid(r) === '5145' && /\\(ADMIN|C)\$$/.test(r.ShareName ?? '') && /%%4417/.test(r.AccessList ?? '') && r.IpAddress === '127.0.0.1', 1), ...find((r) => eid(r) === '5145' && /\\(ADMIN|C)\$$/.test(r.ShareName ?? '') && /%%4417/.test(r.AccessList ?? '') && r.IpAddress !== '127.0.0.1', 3)];
const adminR = find((r) => eid(r) === '5145' && /\\(ADMIN|C)\$$/.test(r.ShareName ?? '') && !/%%441[78]/.test(r.AccessList ?? ''), 2);
mk('win_admin_share_write', 'Real 5145 writes to ADMIN$/C$ (evtx-to-mitre-attack, OTRF PsExec and Covenant copies); read-only access to the same shares must not match.', adminW, adminR);
const task = find((r) => eid(r) === '4698', 4);
mk('win_scheduled_task_created_by_user', 'Real 4698 task registrations by user accounts (ATexec, SMBexec, schtasks); the same registration by the machine account (edited copy) must not match, nor the 4699 deletion.', task.filter((r) => !String(r.SubjectUserName).endsWith('$')).slice(0, 3), [clone(task[0], { SubjectUserName: 'FS01$', SubjectUserSid: 'S-1-5-18' }), ...find((r) => eid(r) === '4699', 1)]);
const grpBad = find((r) => ['4798', '4799'].includes(eid(r)) && /net1\.exe|powershell/i.test(r.CallerProcessName ?? ''), 2);
const grpGood = [...find((r) => ['4798', '4799'].includes(eid(r)) && /svchost|VSSVC/i.test(r.CallerProcessName ?? ''), 2), ...find((r) => eid(r) === '4799' && /esentutl/i.test(r.CallerProcessName ?? ''), 1)];
mk('win_local_group_enumeration', 'Real 4799 by net1.exe (OTRF Empire net localgroup administrators); group reads by svchost/VSSVC as the machine account and Backup Operators checks by esentutl (OTRF background) must not match.', grpBad, grpGood);
const lo3 = find((r) => eid(r) === '4624' && String(r.LogonType) === '3' && (r.IpAddress === '::1' || r.IpAddress === '127.0.0.1'), 1);
mk('win_rdp_tunnel', 'The public sets hold no RemoteInteractive (type 10) logon: a real loopback network logon (4624 type 3, evtx-to-mitre-attack) edited to logon type 10 must match, IPv4 and IPv6; the real type 3 event and the type 10 copy from a remote address must not.', [clone(lo3[0], { LogonType: '10', LogonProcessName: 'User32 ', IpAddress: '127.0.0.1' }), clone(lo3[0], { LogonType: '10', LogonProcessName: 'User32 ', IpAddress: '::1' })], [lo3[0], clone(lo3[0], { LogonType: '10', LogonProcessName: 'User32 ', IpAddress: '10.23.23.9' })]);
const netshBad = find((r) => /netsh/i.test(r.CommandLine ?? '') && /portproxy add|\si\s+p\s+a/i.test(r.CommandLine ?? ''), 3);
const netshGood = [...find((r) => /netsh/i.test(r.CommandLine ?? '') && !/portproxy|\si\s+p\s/i.test(r.CommandLine ?? ''), 2), ...find((r) => /portproxy reset/i.test(r.CommandLine ?? ''), 1)];
mk('win_netsh_portproxy', 'Real netsh port-proxy additions, abbreviated and in full (evtx-to-mitre-attack RDP port forwarding); other netsh commands (firewall rules) must not match.', netshBad, netshGood);
const bits = [...find((r) => eid(r) === '3' && /bitsadmin/i.test(r.processPath ?? ''), 1), ...find((r) => ['59', '60'].includes(eid(r)) && /^http/.test(r.url ?? '') && !/microsoft|windowsupdate/.test(r.url), 2)];
const bitsOk = [...find((r) => eid(r) === '310' && /Bits/.test(r.Channel ?? ''), 1), clone(bits[1], { url: 'http://au.download.windowsupdate.com/c/msdownload/update/software/defu/2021/02/am_delta.exe' }), clone(bits[0], { processPath: 'C:\\Windows\\System32\\svchost.exe' })];
mk('win_bits_job_download', 'Real BITS job created by bitsadmin and transfers of a non-Microsoft URL (evtx-to-mitre-attack T1197); a BITS error event, a Windows Update transfer and a job created by svchost (edited copies) must not match.', bits, bitsOk);
const kr = find((r) => eid(r) === '4769' && /^0x0*17$/.test(r.TicketEncryptionType ?? '') && /^0x0+$/.test(r.Status ?? '') && !String(r.ServiceName).endsWith('$'), 2);
const krOk = [...find((r) => eid(r) === '4769' && /^0x0*12$/.test(r.TicketEncryptionType ?? ''), 2), ...find((r) => eid(r) === '4769' && /^0x0*17$/.test(r.TicketEncryptionType ?? '') && String(r.ServiceName).endsWith('$'), 1)];
mk('win_kerberoasting_rc4', 'Real RC4 (0x17) service tickets for a user service account (evtx-to-mitre-attack Kerberoast); AES tickets and RC4 tickets for machine accounts must not match.', kr, krOk);
const as = find((r) => eid(r) === '4768' && String(r.PreAuthType) === '0' && /^0x0+$/.test(r.Status ?? ''), 2);
const asOk = find((r) => eid(r) === '4768' && String(r.PreAuthType) !== '0', 2);
mk('win_asrep_roasting', 'Real TGTs issued without pre-authentication (evtx-to-mitre-attack AS-REP roasting); TGTs with pre-authentication (PreAuthType 2) must not match.', as, asOk);
const priv = find((r) => ['4728', '4732', '4756'].includes(eid(r)) && /-51[289]$|S-1-5-32-544$/.test(r.TargetSid ?? ''), 3);
const privDns = find((r) => eid(r) === '4732' && r.TargetUserName === 'DnsAdmins', 1);
const notPriv = find((r) => ['4728', '4732', '4756'].includes(eid(r)) && !/-5(1[2-9]|2[067])$|S-1-5-32-5(44|4[89]|5[01])$/.test(r.TargetSid ?? '') && !/DnsAdmins|Exchange|Organization/.test(r.TargetUserName ?? ''), 2);
mk('win_privileged_group_member_added', 'Real additions to Domain Admins, Enterprise Admins, Administrators and DnsAdmins (evtx-to-mitre-attack T1098); additions to ordinary groups in the same recordings must not match.', [...priv, ...privDns], notPriv.length ? notPriv : [clone(priv[0], { TargetUserName: 'Radiology-Users', TargetSid: 'S-1-5-21-4230534742-2542757381-3142984815-2201' })]);
const uac = find((r) => ['4738', '4742'].includes(eid(r)) && /%%20(82|89|91|93|95|96|98)/.test(r.UserAccountControl ?? ''), 3);
const uacOk = find((r) => ['4738', '4742'].includes(eid(r)) && /%%20/.test(r.UserAccountControl ?? '') && !/%%20(82|89|91|93|95|96|98)/.test(r.UserAccountControl ?? ''), 3);
mk('win_account_protection_weakened', 'Real 4738/4742 changes that set password-never-expires, password-not-required, or delegation flags (evtx-to-mitre-attack T1098); changes that clear them or harden the account must not match.', uac, uacOk);
