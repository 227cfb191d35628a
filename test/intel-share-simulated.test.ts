import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../src/core/config.js';
import { evaluate } from '../src/eval/index.js';
import { correlateAlerts } from '../src/incidents/query.js';
import { readings } from '../src/intel/share/decode.js';
import { ShareService } from '../src/intel/share/service.js';
import { checkStructure } from '../src/intel/share/structure.js';
import { IntelStore } from '../src/intel/store/intel-store.js';
import { TaxiiStore } from '../src/intel/taxii/collections.js';
import { PROFILES, simulate } from '../src/simulate/index.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';

/**
 * The adversarial check on a whole simulated hospital: a clinic's two days with credential
 * attacks, EHR snooping, phishing and DICOM exfiltration replayed through the real pipeline, its
 * roster and patient index loaded; every incident is proposed for sharing; no patient name or
 * MRN, no staff name or login, no internal address or server name of the simulated world may be
 * in any reading of any string of any draft.
 */
const ds = mkdtempSync(join(tmpdir(), 'ww-share-sim-'));
const dataDir = join(ds, 'wardwatch');
const secrets = { names: new Set<string>(), mrns: new Set<string>(), logins: new Set<string>() };
const DOMAIN = PROFILES.clinic.domain;
const SERVERS = ['dc01', 'dc02', 'ehr01', 'fhir01', 'pacs01', 'hl7eng01', 'vpn01', 'mail01', 'fs01', 'bastion01'];

beforeAll(async () => {
  await simulate({ profile: 'clinic', days: 2, seed: '7', scenarios: ['bruteforce', 'spray', 'ehr-snooping', 'phish-new-country', 'dicom-exfil'], intensity: 1, out: ds, corpora: false, skip: ['telemetry'] });
  await evaluate({ dataset: ds, dataDir });
  // The world's people, from the FHIR context feed the simulator wrote (what the context store was loaded with).
  for (const f of readdirSync(join(ds, 'context')).filter((x) => x.endsWith('.ndjson'))) {
    for (const line of readFileSync(join(ds, 'context', f), 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line) as { resourceType: string; id?: string; name?: Array<{ family?: string; given?: string[] }>; identifier?: Array<{ value?: string }> };
      if (r.resourceType !== 'Patient' && r.resourceType !== 'Practitioner') continue;
      for (const n of r.name ?? []) if (n.family && n.given?.length) secrets.names.add(`${n.given.join(' ')} ${n.family}`.toLowerCase());
      for (const i of r.identifier ?? []) if (i.value) (r.resourceType === 'Patient' ? secrets.mrns : secrets.logins).add(i.value.toLowerCase());
    }
  }
}, 600_000);
afterAll(() => rmSync(ds, { recursive: true, force: true }));

describe('sharing the incidents of a simulated hospital', () => {
  it('drafts every incident without a trace of its people, internal addresses or servers', () => {
    expect(secrets.names.size).toBeGreaterThan(400);
    expect(secrets.mrns.size).toBeGreaterThan(400);
    expect(secrets.logins.size).toBeGreaterThan(40);
    const store = SqliteStore.open(dataDir);
    const intel = IntelStore.open(dataDir);
    try {
      new TaxiiStore(intel).createCollection({ alias: 'peers', title: 'Peers' });
      const config = configSchema.parse({ intel: { share: { orgDomains: [DOMAIN], patientIdSystems: ['urn:sim:mrn'] } } });
      const svc = new ShareService({ store, dataDir, config, intel });
      const alerts = [...store.alertsInOrder({})];
      const incidents = correlateAlerts(alerts).incidents;
      expect(incidents.length).toBeGreaterThan(3);
      let indicators = 0;
      const reasons = new Map<string, number>();
      const leaks: string[] = [];
      for (const inc of incidents) {
        const d = svc.propose({ incidentId: inc.id, tlp: 'green', targets: { collection: 'peers' }, from: '2000-01-01T00:00:00Z' }, 'user:test');
        expect(checkStructure(d.bundle, { closed: true })).toEqual([]);
        indicators += d.counts.indicators ?? 0;
        for (const r of d.removed) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
        const strings: string[] = [];
        const walk = (x: unknown) => {
          if (typeof x === 'string') strings.push(...readings(x).map((s) => s.toLowerCase()));
          else if (Array.isArray(x)) x.forEach(walk);
          else if (x && typeof x === 'object') Object.values(x).forEach(walk);
        };
        walk(d.bundle);
        const text = strings.join('\n');
        const words = new Set(text.split(/[^a-z0-9_.-]+/));
        for (const n of secrets.names) if (text.includes(n)) leaks.push(`${inc.id}: a person's name`);
        for (const m of secrets.mrns) if (text.includes(m)) leaks.push(`${inc.id}: an MRN`);
        for (const l of secrets.logins) if (l.length >= 4 && words.has(l)) leaks.push(`${inc.id}: a login`);
        if (text.includes(DOMAIN) || text.includes(PROFILES.clinic.org.toLowerCase())) leaks.push(`${inc.id}: the organisation's domain or name`);
        for (const s of SERVERS) if (new RegExp(`\\b${s}\\b`).test(text)) leaks.push(`${inc.id}: server ${s}`);
        const ip = /(?<![\d.])(10\.\d{1,3}\.\d{1,3}\.\d{1,3}|192\.168\.\d{1,3}\.\d{1,3})(?![\d])/.exec(text);
        if (ip) leaks.push(`${inc.id}: internal address`);
      }
      expect(leaks).toEqual([]);
      // Sharing must still share something: the attackers' outside addresses and domains.
      expect(indicators).toBeGreaterThan(0);
      // …and the stripping had work to do: the incidents are full of staff, internal addresses and hosts.
      for (const r of ['staff-user', 'internal-ip', 'internal-host']) expect(reasons.get(r) ?? 0, r).toBeGreaterThan(0);
      console.info(`intel-share-simulated: ${incidents.length} incidents, ${indicators} indicators shared, removed ${JSON.stringify(Object.fromEntries(reasons))}`);
    } finally {
      intel.close();
      store.close();
    }
  }, 300_000);
});
