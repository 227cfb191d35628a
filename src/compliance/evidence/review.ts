import { notMeasured, pct, rate, type Measure, type MeasureResult } from './types.js';

const DAY = 86_400_000;
/** Alerts must be reviewed within this many days to count as a timely access review. */
export const REVIEW_DAYS = 7;

interface Reviewed { id: string; created: number; severity: number; status: string | null; updated: string | null }

function reviewsOf(rows: Reviewed[], withinMs: number, now: number) {
  const done = rows.filter((r) => r.status !== null && r.status !== 'open' && r.updated !== null);
  const timely = done.filter((r) => Date.parse(r.updated!) - r.created <= withinMs);
  // An alert raised less than the window ago is not overdue yet (alert and triage times are both wall-clock).
  const due = rows.filter((r) => r.created + withinMs <= now || done.includes(r));
  const hours = done.map((r) => (Date.parse(r.updated!) - r.created) / 3_600_000).sort((a, b) => a - b);
  return { done, timely, due, medianHours: hours.length ? hours[Math.floor(hours.length / 2)]! : null, overdue: due.filter((r) => !timely.includes(r)) };
}

const SELECT = `SELECT a.id, a.created, a.severity, t.status, t.updated FROM alerts a LEFT JOIN triage t ON t.alert_id = a.id WHERE a.ts >= ? AND a.ts < ?`;

/** 164.308(a)(1)(ii)(D): information system activity is reviewed — alerts triaged within 7 days. */
export const activityReview: Measure = {
  id: 'activity-review',
  title: `Information system activity review (alerts reviewed within ${REVIEW_DAYS} days)`,
  run({ db, from, to, now }): MeasureResult {
    const query = `alerts in the period with a triage row (status acknowledged or closed) updated within ${REVIEW_DAYS} days of the alert; alerts raised less than ${REVIEW_DAYS} days ago are not yet due`;
    const rows = db.prepare(SELECT).all(from, to) as Reviewed[];
    if (!rows.length) return notMeasured(this, 'no alerts in the period to review', query);
    const r = reviewsOf(rows, REVIEW_DAYS * DAY, now ?? Date.now());
    if (!r.due.length) return notMeasured(this, `${rows.length} alerts, none due for review yet`, query, { alerts: rows.length });
    const share = r.timely.length / r.due.length;
    return {
      id: this.id, title: this.title, status: rate(share, 0.95, 0.5), value: share, unit: 'share',
      summary: `${r.timely.length} of ${r.due.length} alerts due were reviewed within ${REVIEW_DAYS} days (${pct(share)}); median time to review ${r.medianHours === null ? '—' : `${r.medianHours.toFixed(1)} h`}.`,
      counts: { alerts: rows.length, due: r.due.length, reviewed: r.done.length, timely: r.timely.length, overdue: r.overdue.length }, query,
      examples: r.overdue.slice(0, 10).map((a) => `alert:${a.id}`),
    };
  },
};

/** 164.308(a)(1)(ii)(D), 164.308(a)(4)(ii)(B): EHR access alerts (snooping, VIP, break-glass) reviewed within 7 days. */
export const ehrAccessReview: Measure = {
  id: 'ehr-access-review',
  title: `EHR access reviews done (EHR alerts reviewed within ${REVIEW_DAYS} days)`,
  run({ db, from, to, now }): MeasureResult {
    const query = `alerts of ehr.* detectors in the period with a triage row (acknowledged or closed) updated within ${REVIEW_DAYS} days`;
    const rows = db.prepare(`${SELECT} AND a.detector LIKE 'ehr.%'`).all(from, to) as Reviewed[];
    const ehr = db.prepare(`SELECT COUNT(*) FROM events WHERE ts >= ? AND ts < ? AND json_extract(doc, '$.event.dataset') = 'ehr.access'`).pluck().get(from, to) as number;
    if (!ehr) return notMeasured(this, 'no EHR access log in the period', query);
    if (!rows.length) return notMeasured(this, `no EHR access alerts among ${ehr} EHR accesses in the period`, query, { ehrAccesses: ehr });
    const r = reviewsOf(rows, REVIEW_DAYS * DAY, now ?? Date.now());
    if (!r.due.length) return notMeasured(this, `${rows.length} EHR alerts, none due for review yet`, query, { alerts: rows.length });
    const share = r.timely.length / r.due.length;
    return {
      id: this.id, title: this.title, status: rate(share, 0.95, 0.5), value: share, unit: 'share',
      summary: `${r.timely.length} of ${r.due.length} EHR access alerts due were reviewed within ${REVIEW_DAYS} days (${pct(share)}), over ${ehr} EHR accesses logged.`,
      counts: { ehrAccesses: ehr, alerts: rows.length, due: r.due.length, timely: r.timely.length, overdue: r.overdue.length }, query,
      examples: r.overdue.slice(0, 10).map((a) => `alert:${a.id}`),
    };
  },
};

/** 164.308(a)(6)(ii), CPG essential 7 / enhanced 6, HICP 8.M.B: high and critical alerts answered within 24 h. */
export const incidentResponse: Measure = {
  id: 'incident-response',
  title: 'Incident response (high/critical alerts triaged within 24 h)',
  run({ db, from, to, now }): MeasureResult {
    const query = 'alerts of severity high or critical (≥ 3) in the period with a triage row (acknowledged or closed) updated within 24 h; incident_state rows resolved';
    const rows = db.prepare(`${SELECT} AND a.severity >= 3`).all(from, to) as Reviewed[];
    if (!rows.length) return notMeasured(this, 'no high or critical alerts in the period', query);
    const r = reviewsOf(rows, DAY, now ?? Date.now());
    if (!r.due.length) return notMeasured(this, `${rows.length} high/critical alerts, none older than 24 h`, query);
    const incidents = db.prepare(`SELECT state, COUNT(*) AS n FROM incident_state GROUP BY state`).all() as Array<{ state: string; n: number }>;
    const share = r.timely.length / r.due.length;
    return {
      id: this.id, title: this.title, status: rate(share, 0.9, 0.5), value: share, unit: 'share',
      summary: `${r.timely.length} of ${r.due.length} high/critical alerts were triaged within 24 h (${pct(share)}); median ${r.medianHours === null ? '—' : `${r.medianHours.toFixed(1)} h`}; incidents with a recorded state: ${incidents.reduce((a, i) => a + i.n, 0)}.`,
      counts: { alerts: rows.length, due: r.due.length, timely: r.timely.length, overdue: r.overdue.length, ...Object.fromEntries(incidents.map((i) => [`incidents_${i.state}`, i.n])) }, query,
      examples: r.overdue.slice(0, 10).map((a) => `alert:${a.id}`),
    };
  },
};
