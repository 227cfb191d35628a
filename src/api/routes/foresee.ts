import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { alertsBetween, rosterOf } from '../../analytics/board/index.js';
import { adviseSpend, describeChange, detectChanges, DEFAULT_PRIORS, extractSeries, forecastSeries, observationsFromAlerts, riskModel, type RiskPriors } from '../../analytics/index.js';
import type { Runtime } from '../../pipeline/runtime.js';
import { AlertSeriesQueries } from '../../store/sqlite/series.js';
import { jsonSchema, validate } from '../validate.js';

const DAY = 86_400_000;

const window = {
  days: z.coerce.number().int().min(7).max(365).default(90),
  iterations: z.coerce.number().int().min(500).max(20_000).default(3000),
};
export const foreseeQuery = z.strictObject({ ...window, horizon: z.coerce.number().int().min(1).max(120).default(28) });
/** What-if: per control, a cost multiplier and an effectiveness range replacing the prior's. */
export const whatIfBody = z.strictObject({
  ...window,
  controls: z.array(z.strictObject({
    id: z.string().max(100),
    costScale: z.number().min(0).max(10).default(1),
    effectiveness: z.strictObject({ low: z.number().min(0).max(1), high: z.number().min(0).max(1) }).refine((r) => r.high >= r.low, 'high must be ≥ low').optional(),
  })).max(50).default([]),
});

/**
 * The console's Foresee view: `GET /api/foresee` (daily alert trend, forecast with 80/95 % intervals
 * and back-test, change points in words, loss-exposure ranges, ranked advice, the controls' priors)
 * and `POST /api/foresee/what-if` (the same risk and advice with edited control costs and
 * effectiveness, for the sliders). Aggregates only: no alert titles or entity ids are returned
 * beyond the alert ids behind each piece of advice, which the caller can already list.
 */
export function foreseeRoutes(app: FastifyInstance, rt: Runtime): void {
  const riskInput = (days: number, iterations: number, priors: RiskPriors) => {
    const newest = rt.store.listAlerts({ limit: 1 }).items[0];
    const to = newest ? Date.parse(newest.time) + 1 : Date.now();
    const alerts = newest ? alertsBetween((q) => rt.store.listAlerts(q), to - days * DAY, to) : [];
    const roster = rosterOf(rt.context, 0);
    return { input: { priors, departments: roster.departments, observations: observationsFromAlerts(alerts, roster.departmentOf, priors), windowDays: days, iterations }, notes: roster.notes, alerts: alerts.length, to };
  };

  app.get('/api/foresee', {
    schema: { summary: 'Trend, forecast with intervals and back-test, change points, loss-exposure ranges and ranked spend advice', tags: ['foresee'], querystring: jsonSchema(foreseeQuery) },
    config: { perm: 'read' },
  }, async (req) => {
    const q = validate(foreseeQuery, req.query, 'query');
    const series = new AlertSeriesQueries(rt.store.db);
    const all = extractSeries(series, { split: 'all', granularity: 'day' })[0];
    const detectors = extractSeries(series, { split: 'detector', granularity: 'day' }).slice(0, 5);
    const forecast = all ? forecastSeries(all, { horizon: q.horizon }) : null;
    const changes = [...(all ? [all] : []), ...detectors].flatMap((s) => detectChanges(s).map((c) => ({ series: s.split === 'all' ? 'all' : s.key, since: c.since, ratio: c.ratio, text: describeChange(c, s.split === 'all' ? 'all' : s.key, 'day') })));
    const r = riskInput(q.days, q.iterations, DEFAULT_PRIORS);
    const risk = riskModel(r.input);
    return {
      trend: all ? { start: new Date(all.start).toISOString().slice(0, 10), values: all.values } : null,
      detectors: detectors.map((s) => ({ name: s.key, start: new Date(s.start).toISOString().slice(0, 10), values: s.values })),
      forecast, changes,
      window: { days: q.days, alerts: r.alerts, to: new Date(r.to).toISOString() },
      risk: { total: risk.total, scenarios: risk.scenarios },
      advice: adviseSpend(r.input),
      controls: DEFAULT_PRIORS.controls.map((c) => ({ id: c.id, label: c.label, annualCost: c.annualCost, effectiveness: c.effectiveness, source: c.source })),
      notes: r.notes,
    };
  });

  app.post('/api/foresee/what-if', {
    schema: { summary: 'Risk and ranked advice with edited control costs and effectiveness (the what-if sliders)', tags: ['foresee'], body: jsonSchema(whatIfBody) },
    config: { perm: 'read' },
  }, async (req) => {
    const b = validate(whatIfBody, req.body ?? {}, 'body');
    const priors: RiskPriors = structuredClone(DEFAULT_PRIORS);
    for (const o of b.controls) {
      const c = priors.controls.find((x) => x.id === o.id);
      if (!c) continue;
      c.annualCost = { fixed: c.annualCost.fixed * o.costScale, perHead: c.annualCost.perHead * o.costScale };
      if (o.effectiveness) c.effectiveness = o.effectiveness;
    }
    const r = riskInput(b.days, b.iterations, priors);
    const risk = riskModel(r.input);
    return { window: { days: b.days, alerts: r.alerts }, risk: { total: risk.total, scenarios: risk.scenarios }, advice: adviseSpend(r.input), notes: r.notes };
  });
}
