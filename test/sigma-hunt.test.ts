import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScan } from '../src/cli/sigma.js';
import { HAVE_SHARED_DATA, SHARED_DATA, SKIP_REASON } from './sigma-data.js';

if (!HAVE_SHARED_DATA) console.warn(SKIP_REASON);

// Hunt mode over labelled attack recordings: each file must raise the detections a hunter
// expects for its technique (the path is the label).
const CASES: Array<[string, string[]]> = [
  ['TA0006-Credential Access/T1003-Credential dumping/ID4688-IFM created.jsonl.gz', ['Suspicious Process Patterns NTDS.DIT Exfil']],
  ['TA0006-Credential Access/T1003-Credential dumping/ID4662-DCsync attack using Mimikatz.jsonl.gz', ['Active Directory Replication from Non Machine Account - DcSync Indicator']],
  ['TA0040-Impact/T1490-Inhibit System Recovery/ID4688-Delete VSS backup (WMI).jsonl.gz', ['Shadow Copies Deletion Using Operating Systems Utilities']],
  ['TA0006-Credential Access/T1003-Credential dumping/ID10-Mimikatz LSASS process dump.jsonl.gz', ['HackTool - Mimikatz Execution']],
];

describe.skipIf(!HAVE_SHARED_DATA)('sigma scan over evtx-to-mitre-attack', () => {
  it('finds the labelled techniques', () => {
    const data = join(SHARED_DATA, 'windows', 'evtx-to-mitre-attack', 'data');
    const out: string[] = [];
    runScan(CASES.map(([f]) => join(data, f)), { rules: [join(SHARED_DATA, 'sigma', 'rules', 'rules')], json: true }, { out: (l) => out.push(l), err: () => undefined });
    const seen = new Map<string, Set<string>>();
    for (const line of out) {
      const m = JSON.parse(line) as { file: string; rule: { title: string; techniques: string[] } };
      const titles = seen.get(m.file) ?? new Set<string>();
      titles.add(m.rule.title);
      seen.set(m.file, titles);
    }
    for (const [file, titles] of CASES) {
      const got = seen.get(join(data, file)) ?? new Set<string>();
      for (const t of titles) expect([...got], file).toContain(t);
    }
  }, 180_000);
});
