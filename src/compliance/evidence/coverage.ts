import { notMeasured, pct, rate, type Measure, type MeasureResult } from './types.js';

const DAY = 86_400_000;

/**
 * The system an event came from: the observer (sensor, appliance) or the syslog host, else the
 * host for Windows logs; feeds with none of these (Zeek, EHR exports) count as one system each.
 */
const REPORTER = `COALESCE(json_extract(doc, '$.observer.name'), json_extract(doc, '$.log.syslog.hostname'),
  CASE WHEN json_extract(doc, '$.event.dataset') LIKE 'windows.%' THEN host_name END, '')`;

/**
 * 164.312(b), CPG enhanced 8: every system that feeds Wardwatch, and whether it still reports. A
 * system is silent when its newest record is more than 24 h before the period end AND that quiet
 * spell is longer than any earlier one in the period — so a clinic's feeds that stop every weekend,
 * or a workstation that logs once a week, are not mistaken for a log source that went dark. Systems
 * seen on a single day are listed but not judged.
 */
export const logCoverage: Measure = {
  id: 'log-coverage',
  title: 'Audit-log coverage per system (still reporting at the period end)',
  run({ db, from, to }): MeasureResult {
    const query = 'events in the period grouped by event.dataset and reporting system (observer.name, syslog host, Windows host) and day; silent = newest event over 24 h before the period end and the quiet spell longer than any earlier gap between its reporting days; systems seen on one day only are not judged';
    const rows = db.prepare(`SELECT json_extract(doc, '$.event.dataset') AS ds, ${REPORTER} AS sys, ts / ${DAY} AS d, MAX(ts) AS last, COUNT(*) AS n
      FROM events WHERE ts >= ? AND ts < ? GROUP BY ds, sys, d ORDER BY ds, sys, d`).all(from, to) as Array<{ ds: string | null; sys: string; d: number; last: number; n: number }>;
    const by = new Map<string, { ds: string; sys: string; days: number[]; last: number; n: number }>();
    for (const r of rows) {
      const key = `${r.ds ?? 'unknown'}${r.sys ? `@${r.sys}` : ''}`;
      const s = by.get(key) ?? { ds: r.ds ?? 'unknown', sys: r.sys, days: [], last: 0, n: 0 };
      s.days.push(r.d);
      s.last = Math.max(s.last, r.last);
      s.n += r.n;
      by.set(key, s);
    }
    const all = [...by];
    const systems = all.filter(([, s]) => s.days.length >= 2 || to - from < 2 * DAY);
    if (!systems.length) return notMeasured(this, 'no events stored in the period', query);
    const isSilent = (s: { days: number[]; last: number }): boolean => {
      const quiet = to - s.last;
      if (quiet <= DAY) return false;
      let longest = 0;
      for (let i = 1; i < s.days.length; i++) longest = Math.max(longest, (s.days[i]! - s.days[i - 1]!) * DAY);
      return quiet > longest + DAY;
    };
    const silent = systems.filter(([, s]) => isSilent(s)).sort((a, b) => a[1].last - b[1].last);
    const live = systems.length - silent.length;
    const share = live / systems.length;
    const datasets = new Map<string, { live: number; all: number }>();
    for (const [, s] of systems) {
      const d = datasets.get(s.ds) ?? { live: 0, all: 0 };
      d.all++;
      if (!isSilent(s)) d.live++;
      datasets.set(s.ds, d);
    }
    const recent = systems.filter(([, s]) => to - s.last <= DAY).length;
    return {
      id: this.id, title: this.title, status: rate(share, 0.95, 0.75), value: share, unit: 'share',
      summary: `${live} of ${systems.length} log sources (${datasets.size} kinds) are still reporting (${pct(share)}); ${recent} reported in the last 24 h of the period${silent.length ? `; silent: ${silent.slice(0, 5).map(([k]) => k).join(', ')}${silent.length > 5 ? ' …' : ''}` : ''}.`,
      counts: { systems: systems.length, reporting: live, reportedLast24h: recent, silent: silent.length, datasets: datasets.size, notJudged: all.length - systems.length, events: rows.reduce((a, r) => a + r.n, 0) },
      query, examples: silent.slice(0, 10).map(([k]) => k),
      breakdown: [...datasets].sort((a, b) => a[0].localeCompare(b[0])).map(([label, v]) => ({ label, value: v.live / v.all })),
    };
  },
};

/**
 * 164.312(b), CPG enhanced 8: records that could not be parsed (kept as dead letters) per record
 * received. Counted over the whole store: dead letters carry the time they were received while
 * events carry the time they happened, so a period filter would compare different clocks.
 */
export const deadLetters: Measure = {
  id: 'dead-letters',
  title: 'Records lost to parse errors (dead letters)',
  run({ db }): MeasureResult {
    const query = 'all dead_letters ÷ (all stored events + dead letters), over the whole store';
    const events = db.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
    const dead = db.prepare('SELECT COUNT(*) FROM dead_letters').pluck().get() as number;
    if (events + dead === 0) return notMeasured(this, 'no records received yet', query);
    const share = dead / (events + dead);
    const ids = (db.prepare('SELECT id FROM dead_letters ORDER BY id DESC LIMIT 5').pluck().all() as number[]).map((i) => `dead_letter:${i}`);
    return {
      id: this.id, title: this.title, status: share <= 0.001 ? 'met' : share <= 0.01 ? 'partial' : 'gap', value: share, unit: 'share',
      summary: `${dead} of ${events + dead} records received could not be parsed (${pct(share)}); each is kept with its reason.`,
      counts: { events, deadLetters: dead }, query, examples: ids,
    };
  },
};

/** CPG enhanced 6, HICP 6.M.C/8.M.A: detection is running — alerts raised, rules switched off. */
export const detectionActive: Measure = {
  id: 'detection-active',
  title: 'Detection running (alerts raised, rules disabled)',
  run({ db, from, to }): MeasureResult {
    const query = 'alerts created in the period by detector; rule_settings rows with enabled = 0';
    const events = db.prepare('SELECT COUNT(*) FROM events WHERE ts >= ? AND ts < ?').pluck().get(from, to) as number;
    if (!events) return notMeasured(this, 'no events stored in the period, so no detection ran on them', query);
    const byDetector = db.prepare('SELECT detector, COUNT(*) AS n FROM alerts WHERE ts >= ? AND ts < ? GROUP BY detector ORDER BY n DESC').all(from, to) as Array<{ detector: string; n: number }>;
    const disabled = db.prepare('SELECT name FROM rule_settings WHERE enabled = 0 ORDER BY name').pluck().all() as string[];
    const alerts = byDetector.reduce((a, r) => a + r.n, 0);
    const status = alerts === 0 ? 'partial' : disabled.length ? 'partial' : 'met';
    return {
      id: this.id, title: this.title, status, value: alerts, unit: 'count',
      summary: `${alerts} alerts from ${byDetector.length} detectors over ${events} events in the period; ${disabled.length} rules switched off${disabled.length ? ` (${disabled.slice(0, 3).join(', ')}${disabled.length > 3 ? ' …' : ''})` : ''}.`,
      counts: { events, alerts, detectors: byDetector.length, disabledRules: disabled.length }, query,
      examples: disabled.slice(0, 5).map((d) => `rule:${d}`),
      breakdown: byDetector.slice(0, 8).map((r) => ({ label: r.detector, value: r.n })),
    };
  },
};

/** 164.312(b): Wardwatch's own audit trail — who looked at what, PHI views and reveals included. */
export const auditSelf: Measure = {
  id: 'audit-self',
  title: 'Wardwatch audits its own users (PHI views, reveals, changes)',
  run({ db, from, to }): MeasureResult {
    const query = 'rows of the audit table in the period by action; PHI views are view_ehr_* and reveal actions';
    const iso = (t: number) => new Date(t).toISOString();
    const rows = db.prepare('SELECT action, COUNT(*) AS n FROM audit WHERE time >= ? AND time < ? GROUP BY action').all(iso(from), iso(to)) as Array<{ action: string; n: number }>;
    const ever = db.prepare('SELECT COUNT(*) FROM audit').pluck().get() as number;
    const total = rows.reduce((a, r) => a + r.n, 0);
    const phi = rows.filter((r) => /^view_ehr|reveal/.test(r.action)).reduce((a, r) => a + r.n, 0);
    if (!ever) return notMeasured(this, 'the audit table holds no entry yet (no one has used the console or API)', query);
    return {
      id: this.id, title: this.title, status: 'met', value: total, unit: 'count',
      summary: `${total} audited actions in the period (${phi} views of PHI or reveals); ${ever} entries in all.`,
      counts: { entries: total, phiViews: phi, allTime: ever }, query, examples: [],
      breakdown: rows.sort((a, b) => b.n - a.n).slice(0, 8).map((r) => ({ label: r.action, value: r.n })),
    };
  },
};
