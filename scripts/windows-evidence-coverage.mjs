/**
 * Regenerates the evidence events of the Windows rules added for the coverage of the default
 * configuration (SQL Server audit, AD permission changes, service creation, Defender tampering,
 * account management…) from the public recordings in ../shared/data/windows: real records only.
 * Each spec names a recording (substring of its path, '' = any) and a predicate over the raw
 * Windows record; duplicates (same record but for its id/time) are skipped.
 * Run after `npx tsc -p tsconfig.build.json`: node scripts/windows-evidence-coverage.mjs
 */
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { readEventFile } = await import(join(ROOT, 'dist/src/cli/sigma.js'));
const D = join(ROOT, '..', 'shared', 'data', 'windows') + '/';
const all = readdirSync(D, { recursive: true }).map((f) => D + f).filter((f) => /\.(gz|json|jsonl)$/.test(f)).sort();
const SPECS = [
 {
  "stem": "win_mssql_principal_or_role_change",
  "description": "Real SQL Server audit records (evtx-to-mitre-attack T1098/T1136, mssql01): role membership added (APRL), login/user created (CR on SL/SU), disabled login enabled (LGEA). Must not: logins (LGIS), failed logins (LGIF), server option change (ALST) and audit-specification changes from the same server.",
  "must": [
   [
    "member added to database role",
    "String(r.Data).includes(\"action_id:APRL\")",
    1
   ],
   [
    "member added to server role",
    "String(r.Data).includes(\"action_id:APRL\")",
    1
   ],
   [
    "local user created",
    "String(r.Data).includes(\"action_id:CR \")",
    1
   ],
   [
    "user linked to a database",
    "String(r.Data).includes(\"action_id:CR \")",
    1
   ],
   [
    "Disabled SA user activated",
    "String(r.Data).includes(\"action_id:LGEA\")",
    1
   ]
  ],
  "mustNot": [
   [
    "audit specification disabled",
    "String(r.Data).includes(\"action_id:LGIS\")",
    1
   ],
   [
    "failed login with SA wrong",
    "String(r.Data).includes(\"action_id:LGIF\")",
    1
   ],
   [
    "CMDshell enabled",
    "String(r.Data).includes(\"action_id:ALST\")",
    1
   ],
   [
    "audit specification deleted",
    "String(r.Data).includes(\"action_id:DR \")",
    1
   ]
  ]
 },
 {
  "stem": "win_mssql_audit_tampering",
  "description": "Real SQL Server audit records (evtx-to-mitre-attack T1562.002, mssql01): server audit and database audit specification altered (AL) and dropped (DR). Must not: logins, failed logins, login/user creation and role changes from the same server.",
  "must": [
   [
    "audit specification deleted",
    "/action_id:(AL|DR) /.test(String(r.Data))",
    4
   ],
   [
    "audit specification disabled",
    "/action_id:(AL|DR) /.test(String(r.Data))",
    4
   ]
  ],
  "mustNot": [
   [
    "audit specification disabled",
    "String(r.Data).includes(\"action_id:LGIS\")",
    1
   ],
   [
    "failed login with SA wrong",
    "String(r.Data).includes(\"action_id:LGIF\")",
    1
   ],
   [
    "local user created",
    "String(r.Data).includes(\"action_id:CR \")",
    1
   ],
   [
    "member added to database role",
    "String(r.Data).includes(\"action_id:APRL\")",
    1
   ]
  ]
 },
 {
  "stem": "win_ad_object_permissions_changed",
  "description": "Real 5136 directory-service changes (evtx-to-mitre-attack T1222.001/T1546/T1098): new security descriptors written on an OU (by a user and by a computer account), a GPO, AdminSDHolder, the domain root (DCSync rights) and a user object (owner change), and an extended-right definition edited. Must not: other 5136 attribute changes in the same recordings (SPN, userAccountControl, delegation, GPO versionNumber) and the deleted-value half of each descriptor change.",
  "must": [
   [
    "Permission change on OU by user",
    "r.EventID==5136&&r.OperationType===\"%%14674\"",
    1
   ],
   [
    "Permission change on OU by computer",
    "r.EventID==5136&&r.OperationType===\"%%14674\"",
    1
   ],
   [
    "Permissions changed on a GPO",
    "r.EventID==5136&&r.OperationType===\"%%14674\"",
    1
   ],
   [
    "AdminSDholder permissions changed",
    "r.EventID==5136&&r.OperationType===\"%%14674\"",
    1
   ],
   [
    "Permission change on top root AD",
    "r.EventID==5136&&r.OperationType===\"%%14674\"",
    1
   ],
   [
    "AD object owner changed",
    "r.EventID==5136&&r.OperationType===\"%%14674\"",
    1
   ],
   [
    "via localizationDisplayId",
    "r.EventID==5136&&r.OperationType===\"%%14674\"",
    1
   ]
  ],
  "mustNot": [
   [
    "SPN set on computer account",
    "r.EventID==5136",
    1
   ],
   [
    "to any service, Kerberos only",
    "r.EventID==5136",
    2
   ],
   [
    "to specified service, Kerberos only",
    "r.EventID==5136",
    1
   ],
   [
    "sensitive GPO edited",
    "r.EventID==5136",
    2
   ],
   [
    "Permission change on OU by user",
    "r.EventID==5136&&r.OperationType===\"%%14675\"",
    1
   ]
  ]
 },
 {
  "stem": "win_guest_account_enabled",
  "description": "The built-in Guest account enabled (4722, RID 501; evtx-to-mitre-attack T1136). Must not: other Windows account-management events from the attack recordings (enable of ordinary accounts, creation).",
  "must": [
   [
    "Guest account activated",
    "r.EventID==4722",
    1
   ]
  ],
  "mustNot": [
   [
    "",
    "r.EventID==4722&&!String(r.TargetSid).endsWith(\"-501\")",
    2
   ],
   [
    "ID4720-Local user created",
    "r.EventID==4720",
    1
   ]
  ]
 },
 {
  "stem": "win_machine_account_quota_abuse",
  "description": "A computer account created by an ordinary user through SeMachineAccountPrivilege (4741; evtx-to-mitre-attack T1136). Must not: computer accounts created without the privilege (admins, joins) and other computer-account events.",
  "must": [
   [
    "Computer account created with privileges",
    "r.EventID==4741",
    1
   ]
  ],
  "mustNot": [
   [
    "",
    "r.EventID==4741&&!String(r.PrivilegeList).includes(\"SeMachineAccountPrivilege\")",
    2
   ],
   [
    "Fast created & deleted computer account",
    "r.EventID==4742||r.EventID==4743",
    2
   ]
  ]
 },
 {
  "stem": "win_sc_service_created_command_line",
  "description": "sc.exe creating a service on the local host and on a remote host (4688 with command line; evtx-to-mitre-attack T1543.003). Must not: other sc.exe uses and other processes from the attack recordings.",
  "must": [
   [
    "Command SC to create service on remote host",
    "r.EventID==4688",
    1
   ],
   [
    "ID4688-Service created (command)",
    "r.EventID==4688&&/sc /.test(String(r.CommandLine))",
    1
   ]
  ],
  "mustNot": [
   [
    "",
    "(r.EventID==4688||r.EventID==1)&&/\\bsc(\\.exe)?\"? +(query|qc|stop|start|sdshow|description)/i.test(String(r.CommandLine))",
    3
   ],
   [
    "ID4688-Service created (command)",
    "r.EventID==4688&&!/sc /.test(String(r.CommandLine))",
    1
   ]
  ]
 },
 {
  "stem": "win_ps_service_binary_set",
  "description": "PowerShell script blocks (4104; evtx-to-mitre-attack T1543.003) that create a service with New-Service and repoint an existing service's ImagePath and FailureCommand. Must not: other script blocks from the same recordings and PowerShell discovery recordings.",
  "must": [
   [
    "ID800-4103-4104-Service creation (PowerShell)",
    "r.EventID==4104&&/New-Service/.test(String(r.ScriptBlockText))",
    1
   ],
   [
    "ID800-4103-4104-Service abuse with Failure Command",
    "r.EventID==4104&&/FailureCommand/.test(String(r.ScriptBlockText))",
    1
   ],
   [
    "ID800-4103-4104-Service abuse with malicious path",
    "r.EventID==4104&&/ImagePath/.test(String(r.ScriptBlockText))",
    1
   ]
  ],
  "mustNot": [
   [
    "ID800-4103-4104-Service creation (PowerShell)",
    "r.EventID==4104&&!/New-Service/.test(String(r.ScriptBlockText))",
    2
   ],
   [
    "Domain group discovery via PowerShell",
    "r.EventID==4104",
    2
   ]
  ]
 },
 {
  "stem": "win_ps_defender_preference_weakened",
  "description": "Set-MpPreference in a script block setting the high-threat default action to Allow (4104; evtx-to-mitre-attack T1562.001). Must not: other script blocks from the same recording and PowerShell discovery recordings.",
  "must": [
   [
    "Defender default action allow any",
    "r.EventID==4104&&/Set-MpPreference/.test(String(r.ScriptBlockText))",
    1
   ]
  ],
  "mustNot": [
   [
    "Defender default action allow any",
    "r.EventID==4104&&!/Set-MpPreference/.test(String(r.ScriptBlockText))",
    1
   ],
   [
    "Domain group discovery via PowerShell",
    "r.EventID==4104",
    2
   ]
  ]
 },
 {
  "stem": "win_defender_preference_weakened_cmdline",
  "description": "powershell.exe -command Set-MpPreference turning Controlled Folder Access and PUA protection off (4688; evtx-to-mitre-attack T1562.001). Must not: other processes from the same recording.",
  "must": [
   [
    "ID4688-Defender critical features disabled",
    "r.EventID==4688&&/Set-MpPreference/.test(String(r.CommandLine))",
    2
   ]
  ],
  "mustNot": [
   [
    "ID4688-Defender critical features disabled",
    "r.EventID==4688&&!/Set-MpPreference/.test(String(r.CommandLine))",
    3
   ]
  ]
 },
 {
  "stem": "win_mssql_risky_option_changed",
  "description": "SQL Server 15457 configuration change enabling CLR (evtx-to-mitre-attack T1505.001). Must not: the 'show advanced options' change in the same recording and SQL Server audit/login records.",
  "must": [
   [
    "ID15457-SQL server CLR",
    "r.EventID==15457&&/clr enabled/.test(String(r.Data))",
    1
   ]
  ],
  "mustNot": [
   [
    "ID15457-SQL server CLR",
    "r.EventID==15457&&/show advanced/.test(String(r.Data))",
    1
   ],
   [
    "failed login with SA wrong",
    "r.EventID==33205",
    1
   ]
  ]
 },
 {
  "stem": "win_mssql_single_user_mode",
  "description": "SQL Server 17115 startup parameters with -m (evtx-to-mitre-attack T1505.001). Must not: SQL Server 15457 and 33205 records from other recordings.",
  "must": [
   [
    "ID11715-SQL Server started in single mode",
    "r.EventID==17115",
    1
   ]
  ],
  "mustNot": [
   [
    "ID15457-SQL server CLR",
    "r.EventID==15457",
    1
   ],
   [
    "local user created",
    "r.EventID==33205",
    1
   ]
  ]
 },
 {
  "stem": "win_mssql_single_user_mode_cmdline",
  "description": "net start MSSQL$INSTANCE /m (4688; evtx-to-mitre-attack T1505.001). Must not: the SQL Server service's own start without /m and other processes of the same recording.",
  "must": [
   [
    "ID4688-SQL Server started in single mode",
    "r.EventID==4688&&/ \\/m/.test(String(r.CommandLine))",
    2
   ]
  ],
  "mustNot": [
   [
    "ID4688-SQL Server started in single mode",
    "r.EventID==4688&&!/ \\/m/.test(String(r.CommandLine))",
    2
   ],
   [
    "ID4688-Network share discovery",
    "r.EventID==4688",
    2
   ]
  ]
 },
 {
  "stem": "win_accessibility_binary_replaced",
  "description": "sethc.exe written in System32 by PowerShell (Sysmon 11; evtx-to-mitre-attack T1546). Must not: the differently named copy (seth2c.exe) in the same recording and other file-creation events.",
  "must": [
   [
    "ID11-New sethc file created",
    "r.EventID==11&&/sethc\\.exe$/.test(String(r.TargetFilename))",
    1
   ]
  ],
  "mustNot": [
   [
    "ID11-New sethc file created",
    "r.EventID==11&&!/\\\\sethc\\.exe$/.test(String(r.TargetFilename))",
    1
   ],
   [
    "ID11-DNS hosts files modified",
    "r.EventID==11",
    1
   ]
  ]
 },
 {
  "stem": "win_dc_server_object_registered",
  "description": "5137 creation of a server object under CN=Sites (DCShadow; evtx-to-mitre-attack T1207). Must not: 5136 modifications of the same kind of configuration objects and other directory-service events.",
  "must": [
   [
    "ID5137-Fake domain controller",
    "r.EventID==5137",
    1
   ]
  ],
  "mustNot": [
   [
    "via localizationDisplayId",
    "r.EventID==5136",
    1
   ],
   [
    "Permission change on top root AD",
    "r.EventID==5136",
    1
   ]
  ]
 },
 {
  "stem": "win_sensitive_user_right_assigned",
  "description": "4704 granting SeCreateTokenPrivilege to a user (evtx-to-mitre-attack T1134). Must not: the removal (4705) and the SeDenyServiceLogonRight grant (4717) of the same recordings.",
  "must": [
   [
    "ID4704-4705-User righ",
    "r.EventID==4704",
    1
   ]
  ],
  "mustNot": [
   [
    "ID4704-4705-User righ",
    "r.EventID==4705",
    2
   ],
   [
    "ID4717-4718",
    "r.EventID==4717",
    1
   ]
  ]
 },
 {
  "stem": "win_schtasks_remote_create",
  "description": "schtasks /create /s HOST (4688; evtx-to-mitre-attack T1053.005). Must not: local schtasks uses and other processes.",
  "must": [
   [
    "ID4688-Scheduled task creation",
    "r.EventID==4688",
    1
   ]
  ],
  "mustNot": [
   [
    "",
    "(r.EventID==4688||r.EventID==1)&&/schtasks/i.test(String(r.CommandLine))&&!/ \\/s /i.test(String(r.CommandLine))",
    3
   ]
  ]
 }
];
function pick(spec) {
  const out = [];
  for (const [pat, pred, max = 2] of spec) {
    const fn = new Function('r', 'return ' + pred);
    let n = 0;
    const seen = new Set();
    for (const f of all.filter((x) => x.includes(pat))) for (const e of readEventFile(f).events) {
      const r = e.raw;
      if (!r || !fn(r)) continue;
      const k = JSON.stringify({ ...r, EventRecordID: 0, TimeCreated_SystemTime: 0, Data: String(r.Data ?? '').replace(/event_time:[^\n]*|sequence_group_id:[^\n]*/g, '') });
      if (seen.has(k)) continue;
      seen.add(k);
      if (n++ < max) out.push(r);
    }
    if (!n) throw new Error(`no events for ${pat} / ${pred}`);
  }
  return out;
}
for (const s of SPECS) {
  const ev = { description: s.description, sequence: false, must_match: pick(s.must), must_not_match: pick(s.mustNot) };
  writeFileSync(join(ROOT, 'rules', 'healthcare', `${s.stem}.events.json`), JSON.stringify(ev, null, 2) + '\n');
  console.log(s.stem, ev.must_match.length, ev.must_not_match.length);
}
// The created-then-deleted correlation is fed as a sequence: a real 4720 then 4726 of one SID must
// fire; a creation of one account followed by the deletion of another must not.
const raw = (pat, ids) => readEventFile(all.find((f) => f.includes(pat))).events.map((e) => e.raw).filter((r) => ids.includes(Number(r.EventID)));
const pair = raw('ID4720-4726 Fast created-deleted user', [4720, 4726]);
const other = raw('ID4720-Local user created', [4720]);
writeFileSync(join(ROOT, 'rules', 'healthcare', 'win_account_created_then_deleted.events.json'), JSON.stringify({
  description: 'Sequence: a real account created (4720) then deleted (4726) minutes later (evtx-to-mitre-attack T1136, fed in order to one detector). Must not: one account created (4720 from another recording) then a DIFFERENT account deleted (4726): the pair must be the same SID.',
  sequence: true, must_match: pair, must_not_match: [...other, ...pair.filter((r) => Number(r.EventID) === 4726)],
}, null, 2) + '\n');
// Hidden share: the one real hidden-share creation; print$ (real, spooler) and two edited copies
// of the real event (a drive share and a visible share) must not match.
const shares = all.flatMap((f) => readEventFile(f).events.map((e) => e.raw)).filter((r) => r && Number(r.EventID) === 5142);
const hidden = shares.filter((r) => /hidden-share\$$/.test(r.ShareName)).slice(0, 1);
const printShare = shares.filter((r) => /print\$$/.test(r.ShareName)).slice(0, 1);
const drive = { ...structuredClone(hidden[0]), ShareName: '\\\\*\\D$', ShareLocalPath: 'D:\\' };
const visible = { ...structuredClone(hidden[0]), ShareName: '\\\\*\\Radiology', ShareLocalPath: 'E:\\Radiology' };
writeFileSync(join(ROOT, 'rules', 'healthcare', 'win_hidden_share_created.events.json'), JSON.stringify({
  description: 'Real 5142 creation of a hidden share (evtx-to-mitre-attack T1021.002). Must not: the print$ share created by the print spooler (real, Mimispool recording), and two edited copies of the real event: a drive share (D$) and a visible share (Radiology).',
  sequence: false, must_match: hidden, must_not_match: [...printShare, drive, visible],
}, null, 2) + '\n');
// Inbound allow-any firewall rule: the one real 2004 allow-any inbound rule; the real outbound block
// rule for an application, and edited copies of the real event (TCP only, from the local subnet,
// block action) must not match.
const fw = all.flatMap((f) => readEventFile(f).events.map((e) => e.raw)).filter((r) => r && Number(r.EventID) === 2004);
const fwAny = fw.filter((r) => r.Direction === '1' && r.Action === '3');
const fwOther = fw.filter((r) => r.Direction !== '1');
writeFileSync(join(ROOT, 'rules', 'healthcare', 'win_firewall_inbound_allow_any.events.json'), JSON.stringify({
  description: 'Real 2004 inbound allow rule for any protocol from any address (evtx-to-mitre-attack T1562.004). Must not: the real outbound block rule of the PowerShell recording, and edited copies of the real event: TCP only (Protocol 6), remote LocalSubnet, block action (2).',
  sequence: false, must_match: fwAny,
  must_not_match: [...fwOther, { ...structuredClone(fwAny[0]), Protocol: '6', LocalPorts: '443' }, { ...structuredClone(fwAny[0]), RemoteAddresses: 'LocalSubnet' }, { ...structuredClone(fwAny[0]), Action: '2' }],
}, null, 2) + '\n');
