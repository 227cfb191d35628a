import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Pseudonymiser } from '../../enrich/pseudonymise/index.js';
import { createFhirAuditParser, readFhirDocument } from '../../parsers/fhir-audit/index.js';
import { checkAuditEvent, PSEUDONYM_SYSTEM, toAuditEvent, type PhiView } from './audit-event.js';
import { FhirAuditSink } from './emitter.js';

const EXAMPLES = join(import.meta.dirname, '../../../../shared/data/healthcare/fhir-auditevent-examples/auditevent');
const READ: PhiView = { time: '2026-01-05T10:00:00Z', actor: 'user:dpo', role: 'privacy_officer', interaction: 'read', patients: ['pt_abcdefghij234567'], what: 'patient:pt_abcdefghij234567', address: '10.0.0.5' };
const SEARCH: PhiView = { time: '2026-01-05T10:01:00Z', actor: 'user:ana', role: 'analyst', interaction: 'search', patients: ['pt_aaaaaaaaaa', 'pt_bbbbbbbbbb'], what: 'incident-list' };

/** Element paths (`agent.who`, `entity.what`…) and their JSON kinds, over a resource. */
function shape(r: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  // XML gives every primitive as text and a lone repeat as one object (no cardinalities): compare primitive vs object only.
  const kind = (v: unknown): string => (Array.isArray(v) ? kind(v[0]) : v === null ? 'null' : typeof v === 'object' ? 'object' : 'primitive');
  for (const [k, v] of Object.entries(r)) {
    out.set(k, kind(v));
    if (['agent', 'entity', 'source'].includes(k)) {
      for (const item of Array.isArray(v) ? v : [v]) for (const [k2, v2] of Object.entries(item as Record<string, unknown>)) out.set(`${k}.${k2}`, kind(v2));
    }
  }
  return out;
}

// The examples are the R5-era specification source: R4's type/subtype are R5's category/code, and
// a few R4 elements left R5 (entity.type and .description; agent.network became networkString).
const R4_TO_R5: Record<string, string> = { type: 'category', subtype: 'code', 'agent.network': 'agent.networkString' };
const R4_ONLY = new Set(['entity.type', 'entity.description', 'outcome']);

describe('FHIR AuditEvent for Wardwatch\'s own views of PHI', () => {
  it('is shaped as IHE BALP Patient Read / Patient Query, with the pseudonym as the patient reference', () => {
    const r = toAuditEvent(READ, 'wardwatch-test', 'id-1');
    expect(r).toMatchObject({
      resourceType: 'AuditEvent', id: 'id-1', action: 'R', recorded: '2026-01-05T10:00:00.000Z', outcome: '0',
      type: { code: 'rest' }, subtype: [{ code: 'read' }, { code: '110110', display: 'Patient Record' }],
      meta: { profile: [expect.stringContaining('IHE.BasicAudit.PatientRead')] },
      source: { observer: { display: 'wardwatch-test' } },
    });
    expect((r.agent as any[])[0]).toMatchObject({ who: { identifier: { value: 'dpo' } }, requestor: true, network: { address: '10.0.0.5', type: '2' } });
    expect((r.entity as any[])[0]).toMatchObject({ what: { type: 'Patient', identifier: { system: PSEUDONYM_SYSTEM, value: 'pt_abcdefghij234567' } }, role: { code: '1' } });
    const s = toAuditEvent(SEARCH, 'w');
    expect(s).toMatchObject({ action: 'E', subtype: [{ code: 'search' }, { code: '110110' }], meta: { profile: [expect.stringContaining('PatientQuery')] } });
    expect((s.entity as any[]).filter((e) => e.what).map((e) => e.what.identifier.value)).toEqual(['pt_aaaaaaaaaa', 'pt_bbbbbbbbbb']);
    expect(checkAuditEvent(r)).toEqual([]);
    expect(checkAuditEvent(s)).toEqual([]);
    expect(checkAuditEvent({ resourceType: 'AuditEvent', type: {}, recorded: 'yesterday', agent: [{}], source: {} })).toEqual([
      'type: expected a Coding with a code', 'recorded: expected a FHIR instant', 'agent[0].requestor: required boolean', 'source.observer: required Reference',
    ]);
  });

  it.skipIf(!existsSync(EXAMPLES))('uses the elements, and element kinds, of the specification\'s AuditEvent examples', () => {
    const examples = readdirSync(EXAMPLES).filter((f) => f.endsWith('.xml') && !f.startsWith('list-') && !f.includes('header'))
      .flatMap((f) => readFhirDocument(readFileSync(join(EXAMPLES, f), 'utf8'), f));
    expect(examples.length).toBe(13);
    const seen = new Map<string, Set<string>>();
    for (const ex of examples) for (const [k, v] of shape(ex as Record<string, unknown>)) (seen.get(k) ?? seen.set(k, new Set()).get(k)!).add(v);
    for (const v of [READ, SEARCH]) {
      for (const [k, kind] of shape(toAuditEvent(v, 'w'))) {
        if (R4_ONLY.has(k) || k === 'meta') continue;
        const r5 = R4_TO_R5[k] ?? k;
        expect(seen.has(r5), `${k} (${r5}) is in no example`).toBe(true);
        if (!R4_TO_R5[k]) expect([...seen.get(r5)!], k).toContain(kind);
      }
    }
    // Every example passes the same structural check the produced events pass (on the elements R4 and R5 share).
    // (XML text primitives and lone repeats are put back into their JSON forms first.)
    for (const ex of examples) {
      const agent = [(ex as any).agent].flat().map((a: any) => ({ ...a, requestor: a.requestor === 'true' || a.requestor === true }));
      const entity = (ex as any).entity === undefined ? undefined : [(ex as any).entity].flat();
      expect(checkAuditEvent({ ...ex, type: { code: 'x' }, subtype: undefined, outcome: undefined, agent, entity })).toEqual([]);
    }
  });

  it('is read back by Wardwatch\'s own fhir-audit parser as a patient-record view by the user', () => {
    const parser = createFhirAuditParser({ pseudonymiser: new Pseudonymiser(Buffer.alloc(32, 7)) });
    const [e] = parser.parse({ data: JSON.stringify(toAuditEvent(READ, 'w')), source: 'test', receivedAt: 0 }) as any[];
    expect(e['@timestamp']).toBe('2026-01-05T10:00:00.000Z');
    expect(e.event).toMatchObject({ action: 'read', outcome: 'success', category: ['database'] });
    expect(e.user).toMatchObject({ name: 'dpo' });
    expect(e.ehr).toMatchObject({ action: 'view', resource_type: 'Patient' });
    // Read back, the pseudonym is pseudonymised again as an identifier (a stable pt_ of the pt_).
    expect(e.ehr.patient.id).toMatch(/^pt_/);
    expect(e.ehr.patient.id).toBe(new Pseudonymiser(Buffer.alloc(32, 7)).patient({ system: PSEUDONYM_SYSTEM, value: 'pt_abcdefghij234567' }));
    const [q] = parser.parse({ data: JSON.stringify(toAuditEvent(SEARCH, 'w')), source: 'test', receivedAt: 0 }) as any[];
    expect(q.ehr.action).toBe('query');
  });

  it('writes NDJSON to a 0600 file and POSTs to a FHIR server', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-fhir-audit-'));
    const got: Array<{ url: string; type: string; auth: string; body: any }> = [];
    const server = createServer((req, res) => {
      let b = '';
      req.on('data', (c) => { b += c; });
      req.on('end', () => {
        got.push({ url: req.url!, type: String(req.headers['content-type']), auth: String(req.headers.authorization), body: JSON.parse(b) });
        res.writeHead(201, { 'content-type': 'application/fhir+json' }).end(b);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const tokenFile = join(dir, 'token');
    (await import('node:fs')).writeFileSync(tokenFile, 'sekrit\n', { mode: 0o600 });
    const file = join(dir, 'views.ndjson');
    const sink = new FhirAuditSink({ file, url: `http://127.0.0.1:${port}/fhir/`, tokenFile, observer: 'ww' });
    sink.emit(READ);
    sink.emit(SEARCH);
    await sink.flush();
    server.close();
    const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.action)).toEqual(['R', 'E']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(got.map((g) => [g.url, g.type, g.auth])).toEqual([['/fhir/AuditEvent', 'application/fhir+json', 'Bearer sekrit'], ['/fhir/AuditEvent', 'application/fhir+json', 'Bearer sekrit']]);
    expect(sink.stats).toMatchObject({ written: 2, posted: 2, failed: 0 });
    // A server that refuses: counted, never thrown into the request being audited.
    const down = new FhirAuditSink({ url: `http://127.0.0.1:${port}`, observer: 'ww' });
    expect(() => down.emit(READ)).not.toThrow();
    await down.flush();
    expect(down.stats.failed).toBe(1);
  });
});
