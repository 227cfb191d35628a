import { describe, expect, it } from 'vitest';
import type { AlertDraft } from '../../core/alert.js';
import { MemoryContext } from '../../core/context.js';
import type { PatientPseudonym, WardEvent } from '../../core/event.js';
import { ehrBehaviourDetector } from './behaviour.js';

const P = (s: string) => `pt_${s}` as PatientPseudonym;
const T0 = Date.parse('2026-03-02T00:00:00Z');
let seq = 0;
const access = (user: string, pt: string, t: number, action = 'view'): WardEvent => ({
  '@timestamp': new Date(t).toISOString(),
  event: { id: `e${++seq}`, category: ['database'], action: 'ehr_access' },
  user: { name: user },
  ehr: { action, resource_type: 'Patient', patient: { id: P(pt) } },
});

// 30 nurses on day shifts for six days: 6–10 ward patients an hour, each explained by the ward's encounters.
function world(): { ctx: MemoryContext; events: WardEvent[] } {
  const ctx = new MemoryContext();
  for (let p = 0; p < 300; p++) ctx.addRelationship({ patient: P(`w${p}`), department: 'Ward', kind: 'encounter', source: `Encounter/${p}`, from: '2026-01-01T00:00:00Z' });
  const events: WardEvent[] = [];
  let x = 42;
  const rnd = () => ((x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32);
  for (let d = 0; d < 6; d++) {
    for (let h = 7; h < 19; h++) {
      for (let n = 0; n < 30; n++) {
        const k = 3 + Math.floor(rnd() * 12);
        for (let i = 0; i < k; i++) {
          const pt = `w${Math.floor(rnd() * 300)}`;
          const views = 1 + Math.floor(rnd() * 3);
          for (let v = 0; v < views; v++) {
            const e = access(`n${n}`, pt, T0 + d * 86_400_000 + h * 3_600_000 + i * 200_000 + v * 20_000, rnd() < 0.03 ? 'print' : 'view');
            events.push({ ...e, ehr: { ...e.ehr, department: 'Ward' } });
          }
        }
      }
    }
  }
  return { ctx, events };
}

function run(det: ReturnType<typeof ehrBehaviourDetector.build>, events: WardEvent[]): AlertDraft[] {
  const out: AlertDraft[] = [];
  for (const e of events) if (det.accepts(e)) det.process(e, det.key(e)!, (a) => out.push(a));
  return out;
}

describe('ehr.behaviour', () => {
  it('learns ordinary user-hours, then reports a night hour of 60 strangers\' charts with the features that isolated it', () => {
    const { ctx, events } = world();
    const det = ehrBehaviourDetector.build(ehrBehaviourDetector.config.parse({ minRows: 500, refitEvery: 500 }), { dataDir: '/tmp', name: 'ehr.behaviour', clinicalContext: () => ctx });
    expect(run(det, events)).toEqual([]);
    const night = T0 + 6 * 86_400_000 + 2 * 3_600_000;
    const spree = Array.from({ length: 60 }, (_, i) => access('n3', `stranger${i}`, night + i * 50_000, i % 4 === 0 ? 'print' : 'view'));
    // The next hour's work (anyone's) closes the spree's hour.
    const alerts = run(det, [...spree, access('n4', 'w1', night + 3_600_000)]);
    expect(alerts).toHaveLength(1);
    const a = alerts[0]!;
    // Sixty strangers' charts at night is titled by what stood out, not as a vague "unusual hour".
    expect(a.title).toMatch(/^(Bulk access: n3 opened 60 patient records in one hour|n3 opened 60 of 60 records without a treatment relationship in one hour|Night-time EHR use: n3 opened 60 patient records|Bulk print\/export: n3 printed or exported 15 records in one hour) \(02:00–03:00 UTC\)$/);
    const features = a.explanation.factors.map((f) => f.feature);
    expect(features.at(-1)).toBe('isolation_score');
    expect(Number(a.explanation.factors.at(-1)!.observed)).toBeGreaterThanOrEqual(0.7);
    expect(features.slice(0, -1).some((f) => ['distinct_patients', 'unexplained_share', 'night', 'volume_vs_own_median', 'prints_exports'].includes(f))).toBe(true);
    for (const f of a.explanation.factors.slice(0, -1)) expect(f.baseline?.kind).toBe('peers');
  });

  it('keeps the model and the users across snapshot and restore (the model under its own key)', () => {
    const { ctx, events } = world();
    const build = () => ehrBehaviourDetector.build(ehrBehaviourDetector.config.parse({ minRows: 500, refitEvery: 500 }), { dataDir: '/tmp', name: 'ehr.behaviour', clinicalContext: () => ctx });
    const a = build();
    run(a, events);
    const snap = JSON.parse(JSON.stringify(a.snapshot())) as Array<[string, unknown]>;
    expect(snap[0]![0]).toBe('\u0000model');
    const b = build();
    for (const [k, s] of snap) b.restore(k, s);
    const night = T0 + 6 * 86_400_000 + 2 * 3_600_000;
    const spree = Array.from({ length: 60 }, (_, i) => access('n3', `stranger${i}`, night + i * 50_000));
    expect(run(b, [...spree, access('n4', 'w1', night + 3_600_000)])).toHaveLength(1);
  });
});
