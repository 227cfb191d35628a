import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/api/auth/passwords.js';
import { buildApi } from '../src/api/server.js';
import { ensureAdminToken } from '../src/api/tokens.js';
import type { ExplanationTemplate } from '../src/core/context.js';
import { loadConfigObject } from '../src/pipeline/config-loader.js';
import { loadContextFiles } from '../src/pipeline/context-load.js';
import { mineStoredTemplates } from '../src/pipeline/ehr-mining.js';
import { openRuntime, type Runtime } from '../src/pipeline/runtime.js';
import { UserRepo } from '../src/store/sqlite/users.js';
import { TOKEN, auth, tempDir } from './helpers.js';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T00:00:00Z');
const iso = (t: number) => new Date(t).toISOString();
const WARDS = ['Cardiology', 'Neurology', 'Oncology', 'Orthopaedics'];
const PASSWORD = 'correct horse battery staple 42';

/**
 * A small hospital as FHIR: 2,400 patients, 400 of them (one a celebrity) with a one-day stay on one of four
 * wards (Encounter.serviceProvider), 8 nurses on the wards and 2 billing clerks in Finance whom no
 * encounter names.
 */
function context(): unknown {
  const entry: unknown[] = [];
  for (let i = 0; i < 400; i++) {
    const from = T0 + (i % 20) * DAY;
    entry.push({ resource: { resourceType: 'Patient', id: `p${i}`, identifier: [{ system: 'urn:h:mrn', value: `MRN${i}` }],
      ...(i === 7 ? { meta: { security: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'CEL' }] } } : {}) } });
    entry.push({ resource: { resourceType: 'Encounter', id: `e${i}`, status: 'finished', class: { code: 'IMP' }, subject: { reference: `Patient/p${i}` },
      serviceProvider: { display: WARDS[i % 4] }, period: { start: iso(from), end: iso(from + DAY) } } });
  }
  // Everyone registered before and not in hospital now: most of a patient index.
  for (let i = 400; i < 2400; i++) entry.push({ resource: { resourceType: 'Patient', id: `p${i}`, identifier: [{ system: 'urn:h:mrn', value: `MRN${i}` }] } });
  const staff = [...Array.from({ length: 8 }, (_, n) => [`nurse${n}`, 'nurse', WARDS[n % 4]!]), ['clerk0', 'billing', 'Finance'], ['clerk1', 'billing', 'Finance']];
  for (const [login, role, dept] of staff) {
    entry.push({ resource: { resourceType: 'Practitioner', id: login, identifier: [{ system: 'urn:h:login', value: login }] } });
    entry.push({ resource: { resourceType: 'PractitionerRole', id: `${login}-r`, practitioner: { reference: `Practitioner/${login}` }, organization: { display: dept }, code: [{ coding: [{ code: role }] }] } });
  }
  return { resourceType: 'Bundle', type: 'collection', entry };
}

function audit(id: string, patient: string, user: string, t: number): string {
  return JSON.stringify({
    resourceType: 'AuditEvent', id, recorded: iso(t), action: 'R', outcome: '0',
    type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110110', display: 'Patient Record' },
    agent: [{ requestor: true, who: { identifier: { value: user } }, network: { address: '10.20.0.5', type: '2' } }],
    source: { observer: { display: 'EHR' } },
    entity: [{ what: { reference: `Patient/${patient}` }, type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1' } }],
  });
}

/** Days [from, to): nurses open their ward's patients in their stay; clerks open patients discharged 1–5 days ago. */
function log(from: number, to: number, skip: (p: number) => boolean = () => false): string[] {
  const out: string[] = [];
  for (let d = from; d < to; d++) {
    for (const h of [9, 13, 17]) {
      const t = T0 + d * DAY + h * 3_600_000;
      for (let i = 0; i < 400; i++) {
        if (skip(i)) continue;
        const start = T0 + (i % 20) * DAY;
        if (t >= start && t <= start + DAY) out.push(audit(`n${d}-${h}-${i}`, `p${i}`, `nurse${(i % 4) + 4 * (h % 2)}`, t + i * 1000));
        const since = t - (start + DAY);
        if (h === 13 && since > DAY && since < 5 * DAY && i % 3 === 0) out.push(audit(`b${d}-${i}`, `p${i}`, `clerk${i % 2}`, t + i * 1000));
      }
    }
  }
  return out;
}

describe('EHR explanation templates end to end: mined from the stored log, listed, decided by the privacy officer', () => {
  const tmp = tempDir('ww-ehrtpl-');
  let rt: Runtime;
  let url: string;
  let close: () => Promise<void>;

  async function ingest(lines: string[]): Promise<void> {
    for (let i = 0; i < lines.length; i += 2000) {
      const res = await fetch(`${url}/api/ingest?format=fhir-audit`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: lines.slice(i, i + 2000).join('\n') });
      expect(res.status).toBe(202);
    }
    await rt.detection.drain();
  }

  beforeAll(async () => {
    rt = await openRuntime(loadConfigObject({ sources: [], pipeline: { workers: 0 }, detectors: [{ type: 'ehr.access', templateRefreshSeconds: 0 }] }), { dataDir: tmp.dir });
    ensureAdminToken(tmp.dir, TOKEN);
    new UserRepo(rt.store.db).create('priv', 'privacy_officer', await hashPassword(PASSWORD));
    const app = await buildApi(rt, { bodyLimitBytes: 10_000_000 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    close = async () => { await app.close(); await rt.close(); };
    const file = join(tmp.dir, 'context.json');
    writeFileSync(file, JSON.stringify(context()));
    await loadContextFiles(rt.context, tmp.dir, [file]);
  }, 60_000);
  afterAll(async () => { await close(); tmp.cleanup(); });

  let billing: ExplanationTemplate;

  it('mines a ward template for nurses and an after-discharge template for billing from ten days of log', async () => {
    await ingest(log(0, 10, (i) => i === 7));
    const run = mineStoredTemplates(rt.store, rt.context as Parameters<typeof mineStoredTemplates>[1], { days: 30, options: { minGroupAccesses: 50 } });
    expect(run.accesses).toBeGreaterThan(500);
    const nurse = run.templates.find((t) => t.group === 'role:nurse')!;
    expect(nurse.key).toMatch(/^department:(encounter|any):during/);
    billing = run.templates.find((t) => t.group === 'role:billing')!;
    expect(billing.key).toMatch(/^anyone:(encounter|any):after-7d$/);
    expect(billing.text).toMatch(/^billing staff open charts of patients discharged or seen in the last 7 days/);
    expect(billing.precision).toBeGreaterThanOrEqual(0.9);
    expect(billing.coverage).toBeGreaterThan(0.95);
    expect(billing.id).toBeGreaterThan(0);
    // Mining the same log again changes nothing: no new version.
    const again = mineStoredTemplates(rt.store, rt.context as Parameters<typeof mineStoredTemplates>[1], { days: 30, options: { minGroupAccesses: 50 } });
    expect(again.stored).toEqual({ added: 0, updated: 0, retired: 0 });
  }, 120_000);

  it('explains a clerk opening a discharged celebrity by the template, and alerts once the privacy officer retires it', async () => {
    const list = await fetch(`${url}/api/ehr/templates`, { headers: auth });
    expect(list.status).toBe(200);
    const items = ((await list.json()) as { items: ExplanationTemplate[] }).items;
    expect(items.find((t) => t.id === billing.id)).toMatchObject({ status: 'proposed', version: 1, group: 'role:billing' });

    // Patient 7 (the celebrity) stayed on day 7; two days after discharge a clerk opens the chart: explained.
    await ingest([audit('vip-1', 'p7', 'clerk1', T0 + 10 * DAY + 10 * 3_600_000)]);
    expect(rt.store.listAlerts({ detector: 'ehr.access' }).items.filter((a) => a.title.startsWith('VIP record'))).toHaveLength(0);

    // An admin may read the templates but not decide on them; the privacy officer may.
    const denied = await fetch(`${url}/api/ehr/templates/${billing.id}`, { method: 'PATCH', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'retired' }) });
    expect(denied.status).toBe(403);
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'priv', password: PASSWORD }) });
    const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrf } = (await login.json()) as { csrf: string };
    const h = { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' };
    expect((await fetch(`${url}/api/ehr/templates/999999`, { method: 'PATCH', headers: h, body: JSON.stringify({ status: 'retired' }) })).status).toBe(404);
    expect((await fetch(`${url}/api/ehr/templates/${billing.id}`, { method: 'PATCH', headers: h, body: JSON.stringify({ status: 'deleted' }) })).status).toBe(400);
    const ok = await fetch(`${url}/api/ehr/templates/${billing.id}`, { method: 'PATCH', headers: h, body: JSON.stringify({ status: 'retired', note: 'too broad' }) });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: billing.id, status: 'retired', approvedBy: 'user:priv' });
    expect(rt.store.listAudit(50).find((a) => a.action === 'ehr_template_decision')).toMatchObject({ actor: 'user:priv', target: `ehr-template:${billing.id}` });
    // The clerks' department (Finance) was mined as a group of its own, with the same path: retire that too.
    const finance = items.filter((t) => t.group === 'department:finance');
    expect(finance.length).toBeGreaterThan(0);
    for (const t of finance) expect((await fetch(`${url}/api/ehr/templates/${t.id}`, { method: 'PATCH', headers: h, body: JSON.stringify({ status: 'retired' }) })).status).toBe(200);

    // The same access now has no explanation: the celebrity's chart raises an alert.
    await ingest([audit('vip-2', 'p7', 'clerk0', T0 + 10 * DAY + 11 * 3_600_000)]);
    const vip = rt.store.listAlerts({ detector: 'ehr.access' }).items.filter((a) => a.title.startsWith('VIP record'));
    expect(vip).toHaveLength(1);
    expect(vip[0]!.explanation.text).toContain('no explanation template links the user to the patient');

    // A re-mining does not bring back what a person retired.
    mineStoredTemplates(rt.store, rt.context as Parameters<typeof mineStoredTemplates>[1], { days: 30, options: { minGroupAccesses: 50 } });
    const after = ((await (await fetch(`${url}/api/ehr/templates?history=true`, { headers: auth })).json()) as { items: Array<ExplanationTemplate & { history: unknown[] }> }).items;
    expect(after.find((t) => t.id === billing.id)).toMatchObject({ status: 'retired' });
    expect(after.find((t) => t.id === billing.id)!.history.length).toBeGreaterThanOrEqual(2);
  }, 120_000);
});
