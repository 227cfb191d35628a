import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pseudonymiserFor } from '../../enrich/pseudonymise/index.js';
import { readFhirContext } from '../../parsers/fhir-context/index.js';
import { contextFromFhir } from '../../pipeline/context-load.js';
import { simulate } from '../generate.js';
import { Rng } from '../rng.js';
import { siteStyle } from './site-style.js';
import { buildWorld } from './world.js';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'ww-style-'));
  dirs.push(d);
  return d;
};
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

describe('site style per seed', () => {
  it('is deterministic per seed and differs between seeds in what a detector could key on', () => {
    expect(siteStyle(new Rng('site:3'))).toEqual(siteStyle(new Rng('site:3')));
    const styles = Array.from({ length: 12 }, (_, i) => siteStyle(new Rng(`site:${i}`)));
    const distinct = (f: (s: (typeof styles)[number]) => unknown) => new Set(styles.map((s) => JSON.stringify(f(s)))).size;
    expect(distinct((s) => s.roleLabel.registrar)).toBeGreaterThan(1);
    expect(distinct((s) => s.roleLabel.billing)).toBeGreaterThan(1);
    expect(distinct((s) => [...s.unlinked].sort())).toBeGreaterThan(3);
    expect(distinct((s) => s.fhir.roleAs)).toBe(3);
    expect(distinct((s) => s.fhir.departmentAs)).toBe(3);
    for (const s of styles) {
      // Every site has work no care link records, and policy never covers a role that is unlinked.
      expect(s.unlinked.length).toBeGreaterThanOrEqual(2);
      for (const r of s.policyExplained) expect(s.unlinked).not.toContain(r);
    }
    const w = (seed: string) => buildWorld({ profile: 'clinic', seed, start: Date.UTC(2026, 0, 5), days: 1, syntheaDir: '/nonexistent' });
    // The style has its own random stream: the same seed's staff are the same people.
    expect(w('5').site).toEqual(w('5').site);
  });

  it('writes the seed\'s role names into the access log, the roster and the site policy, in the FHIR shape it drew', async () => {
    // Find two seeds whose FHIR shapes differ in how the role is carried, to check both read back.
    const seeds = ['11', '12', '13', '14', '15', '16', '17', '18'];
    const seen = new Set<string>();
    for (const seed of seeds) {
      const world = buildWorld({ profile: 'clinic', seed, start: Date.UTC(2026, 0, 5), days: 1, syntheaDir: '/nonexistent' });
      if (seen.has(world.site.fhir.roleAs) && seen.size >= 2) continue;
      seen.add(world.site.fhir.roleAs);
      const out = tmp();
      const r = await simulate({ profile: 'clinic', days: 1, seed, scenarios: [], corpora: false, out, syntheaDir: '/nonexistent' });
      const style = r.world.site;
      expect(r.manifest.site?.['ehr.access']?.rolesExplained).toEqual(style.policyExplained.map((x) => style.roleLabel[x]));
      expect(r.manifest.style).toEqual(style);
      // The access log's role column speaks the site's vocabulary.
      const ehr = r.manifest.files.filter((f) => f.stream === 'ehr').flatMap((f) => readFileSync(join(out, f.path), 'utf8').split('\n').slice(1).filter(Boolean));
      const roles = new Set(ehr.map((l) => l.split(',')[2]));
      for (const role of roles) expect(Object.values(style.roleLabel)).toContain(role);
      // The roster reads back to the same role names and departments whatever fields carry them.
      const text = readFileSync(join(out, 'context/fhir-context.ndjson'), 'utf8');
      const docs = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const roleDoc = docs.find((d) => d.resourceType === 'PractitionerRole')!;
      if (style.fhir.roleAs === 'text') expect(JSON.stringify(roleDoc.code)).not.toContain('coding');
      if (style.fhir.departmentAs === 'reference') expect(docs.some((d) => d.resourceType === 'Organization')).toBe(true);
      if (style.fhir.shiftShare === 0) expect(docs.some((d) => 'availableTime' in d)).toBe(false);
      const loaded = contextFromFhir(readFhirContext(text, pseudonymiserFor(tmp())).records);
      const rosterRoles = loaded.staff.filter((s) => s.role).map((s) => s.role!);
      expect(rosterRoles.length).toBe(r.world.staff.length);
      for (const s of r.world.staff) expect(rosterRoles).toContain(style.roleLabel[s.role]);
      const depts = new Set(loaded.staff.filter((s) => s.department).map((s) => s.department));
      expect([...depts].some((d) => d!.startsWith('Organization/'))).toBe(false);
      // A registration system that does not name its clerks sends EVN-5 empty.
      const hl7 = r.manifest.files.filter((f) => f.stream === 'hl7').map((f) => readFileSync(join(out, f.path), 'utf8')).join('\n');
      const evn = [...hl7.matchAll(/EVN\|A0[14]\|[^|]*\|\|\|([^|\r\n]*)/g)].map((m) => m[1]);
      expect(evn.length).toBeGreaterThan(0);
      if (style.unlinked.includes('registrar')) expect(evn.every((o) => o === '')).toBe(true);
      else expect(evn.some((o) => o !== '')).toBe(true);
    }
    expect(seen.size).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
