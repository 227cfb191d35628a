import type Database from 'better-sqlite3';
import { notMeasured, pct, rate, type Measure, type MeasureResult } from './types.js';

const DAY = 86_400_000;

/**
 * Account names that belong to a role, a place or a test rather than a person: their use defeats
 * unique user identification (164.312(a)(2)(i)). Service accounts (`svc_…`) are not counted here.
 */
export const GENERIC_ACCOUNT = /^(admin|administrator|root|guest|test|user|temp|shared|generic|nurse|nurses|doctor|physician|reception|frontdesk|front_desk|station|ward|kiosk|lab|pharmacy|radiology|scanner|training|demo|helpdesk|support)[-_.]?\d*$|shared|generic/;

/** 164.312(d), CPG essential 3, HICP 1.M.B/3.M.C: share of logins that carried a second factor. */
export const mfaShare: Measure = {
  id: 'mfa-share',
  title: 'Share of logins with multi-factor authentication',
  run({ db, from, to }): MeasureResult {
    const query = `successful Entra ID sign-ins (entra.signin) with m365.signin.mfa_method or authenticationRequirement = multiFactorAuthentication; successful VPN logins (vpn.auth) with an MFA approval (event.action containing "mfa", success) for the same user within 2 min`;
    const signins = db.prepare(`SELECT id, json_extract(doc, '$.m365.signin.mfa_method') AS m, json_extract(doc, '$.m365.signin.authentication_requirement') AS req
      FROM events WHERE ts >= ? AND ts < ? AND json_extract(doc, '$.event.dataset') = 'entra.signin' AND outcome = 'success'`).all(from, to) as Array<{ id: string; m: string | null; req: string | null }>;
    const mfaEvents = db.prepare(`SELECT lower(user_name) AS u, ts FROM events WHERE ts >= ? AND ts < ? AND action LIKE '%mfa%' AND outcome = 'success' AND user_name IS NOT NULL`).all(from - 120_000, to + 120_000) as Array<{ u: string; ts: number }>;
    const vpn = db.prepare(`SELECT id, lower(user_name) AS u, ts FROM events WHERE ts >= ? AND ts < ? AND json_extract(doc, '$.event.dataset') = 'vpn.auth' AND outcome = 'success'`).all(from, to) as Array<{ id: string; u: string; ts: number }>;
    if (!signins.length && !mfaEvents.length) {
      return notMeasured(this, `no source in the store states the authentication method (${vpn.length} VPN logins seen; collect Entra ID sign-ins or the MFA server's log to measure)`, query, { vpnLogins: vpn.length });
    }
    const byUser = new Map<string, number[]>();
    for (const e of mfaEvents) byUser.set(e.u, [...(byUser.get(e.u) ?? []), e.ts]);
    const withMfa = signins.filter((s) => s.m !== null || s.req === 'multiFactorAuthentication');
    const vpnMfa = vpn.filter((v) => (byUser.get(v.u) ?? []).some((t) => Math.abs(t - v.ts) <= 120_000));
    const total = signins.length + (mfaEvents.length ? vpn.length : 0);
    const ok = withMfa.length + (mfaEvents.length ? vpnMfa.length : 0);
    if (!total) return notMeasured(this, 'no successful sign-ins in the period', query);
    const share = ok / total;
    const without = [...signins.filter((s) => !withMfa.includes(s)).map((s) => s.id), ...(mfaEvents.length ? vpn.filter((v) => !vpnMfa.includes(v)).map((v) => v.id) : [])];
    return {
      id: this.id, title: this.title, status: rate(share, 0.99, 0.8), value: share, unit: 'share',
      summary: `${ok} of ${total} successful sign-ins carried a second factor (${pct(share)}).`,
      counts: { signins: total, withMfa: ok, withoutMfa: total - ok }, query, examples: without.slice(0, 10).map((i) => `event:${i}`),
    };
  },
};

/** 164.312(a)(2)(i), CPG essential 8, HICP 3.M.A: generic accounts used, and one account at two workstations at once. */
export const uniqueIds: Measure = {
  id: 'unique-ids',
  title: 'Unique user identification (generic and shared accounts)',
  run({ db, from, to }): MeasureResult {
    const query = `successful authentication events and EHR accesses in the period whose user name is generic (${GENERIC_ACCOUNT.source.slice(0, 60)}…); EHR accesses by one user from two workstations within 60 s`;
    const users = db.prepare(`SELECT lower(user_name) AS u, COUNT(*) AS n, MIN(id) AS ex FROM events WHERE ts >= ? AND ts < ? AND user_name IS NOT NULL
      AND ((category = 'authentication' AND outcome = 'success') OR json_extract(doc, '$.event.dataset') = 'ehr.access') GROUP BY u`).all(from, to) as Array<{ u: string; n: number; ex: string }>;
    if (!users.length) return notMeasured(this, 'no successful logins or EHR accesses in the period', query);
    const generic = users.filter((r) => GENERIC_ACCOUNT.test(r.u));
    // Two workstations within a minute: the same credentials open at two places (shared or stolen).
    const ehr = db.prepare(`SELECT id, lower(user_name) AS u, ts, json_extract(doc, '$.ehr.workstation') AS ws FROM events
      WHERE ts >= ? AND ts < ? AND json_extract(doc, '$.event.dataset') = 'ehr.access' AND user_name IS NOT NULL ORDER BY u, ts`).iterate(from, to) as IterableIterator<{ id: string; u: string; ts: number; ws: string | null }>;
    const concurrent = new Map<string, string>();
    let prev: { u: string; ts: number; ws: string | null } | undefined;
    for (const r of ehr) {
      if (prev && prev.u === r.u && r.ws && prev.ws && r.ws !== prev.ws && r.ts - prev.ts <= 60_000 && !concurrent.has(r.u)) concurrent.set(r.u, r.id);
      prev = r;
    }
    const status = generic.length ? 'gap' : concurrent.size ? 'partial' : 'met';
    return {
      id: this.id, title: this.title, status, value: generic.length, unit: 'count',
      summary: `${users.length} accounts used in the period; ${generic.length} generic account${generic.length === 1 ? '' : 's'} (${generic.map((g) => g.u).slice(0, 5).join(', ') || 'none'}) used ${generic.reduce((a, g) => a + g.n, 0)} times; ${concurrent.size} account${concurrent.size === 1 ? '' : 's'} open at two workstations within a minute.`,
      counts: { accounts: users.length, genericAccounts: generic.length, genericUses: generic.reduce((a, g) => a + g.n, 0), concurrentAccounts: concurrent.size },
      query, examples: [...generic.map((g) => `event:${g.ex}`), ...[...concurrent.values()].map((i) => `event:${i}`)].slice(0, 10),
    };
  },
};

interface RosterLogin { login: string; staffId: string; activeTo: number | null }

function roster(context: Database.Database | undefined): RosterLogin[] {
  if (!context) return [];
  const rows = context.prepare('SELECT l.login AS login, s.id AS staffId, s.active_to AS activeTo FROM staff_login l JOIN staff s ON s.id = l.staff_id').all() as Array<{ login: string; staffId: string; activeTo: string | null }>;
  return rows.map((r) => ({ login: r.login.toLowerCase(), staffId: r.staffId, activeTo: r.activeTo ? Date.parse(r.activeTo) : null }));
}

/** 164.308(a)(3)(ii)(C), CPG essential 6, HICP 3.M.B: accounts of people who left, still signing in. */
export const terminatedActive: Measure = {
  id: 'terminated-active',
  title: 'Terminated staff whose accounts are still used',
  run({ db, context, from, to }): MeasureResult {
    const query = 'staff roster (context.db staff.active_to) joined to logins (staff_login); successful authentication or EHR events of that login after active_to, in the period';
    const all = roster(context);
    if (!all.length) return notMeasured(this, 'no staff roster with logins is loaded (wardwatch context load)', query);
    const left = all.filter((r) => r.activeTo !== null && Number.isFinite(r.activeTo) && r.activeTo < to);
    if (!left.length) return notMeasured(this, `the roster (${all.length} logins) records no end of employment before the period end`, query, { logins: all.length });
    const after = db.prepare(`SELECT id FROM events WHERE lower(user_name) = ? AND ts >= ? AND ts < ?
      AND ((category = 'authentication' AND outcome = 'success') OR json_extract(doc, '$.event.dataset') = 'ehr.access') ORDER BY ts LIMIT 1`).pluck();
    const active = left.flatMap((r) => {
      const ev = after.get(r.login, Math.max(from, r.activeTo!), to) as string | undefined;
      return ev ? [{ ...r, ev }] : [];
    });
    return {
      id: this.id, title: this.title, status: active.length ? 'gap' : 'met', value: active.length, unit: 'count',
      summary: `${left.length} roster logins belong to staff who left; ${active.length} of them signed in or opened a record after leaving.`,
      counts: { logins: all.length, leavers: left.length, usedAfterLeaving: active.length }, query,
      examples: active.slice(0, 10).flatMap((a) => [`staff:${a.staffId}`, `event:${a.ev}`]),
    };
  },
};

/**
 * 164.308(a)(4)(ii)(C), HICP 3.M.B: current staff none of whose logins was used in the period
 * (a person with a user name and an e-mail login counts once).
 */
export const dormantAccounts: Measure = {
  id: 'dormant-accounts',
  title: 'Dormant accounts (current staff whose logins went unused in the period)',
  run({ db, context, from, to }): MeasureResult {
    const query = 'staff still employed at the period end (context.db) none of whose logins (staff_login) appears as a user name on any event in the period';
    const all = roster(context).filter((r) => r.activeTo === null || !Number.isFinite(r.activeTo) || r.activeTo >= to);
    if (!all.length) return notMeasured(this, 'no staff roster with logins is loaded (wardwatch context load)', query);
    const seen = new Set(db.prepare('SELECT DISTINCT lower(user_name) FROM events WHERE ts >= ? AND ts < ? AND user_name IS NOT NULL').pluck().all(from, to) as string[]);
    const staff = new Map<string, boolean>();
    for (const r of all) staff.set(r.staffId, (staff.get(r.staffId) ?? false) || seen.has(r.login));
    const dormant = [...staff].filter(([, used]) => !used).map(([id]) => id);
    const share = dormant.length / staff.size;
    const days = Math.round((to - from) / DAY);
    return {
      id: this.id, title: this.title, status: rate(1 - share, 0.95, 0.85), value: share, unit: 'share',
      summary: `${dormant.length} of ${staff.size} current staff (${pct(share)}) used none of their logins in the ${days}-day period${days < 30 ? ' (a period under 30 days overstates dormancy)' : ''}.`,
      counts: { staff: staff.size, logins: all.length, dormant: dormant.length, days }, query, examples: dormant.slice(0, 10).map((d) => `staff:${d}`),
    };
  },
};

/** 164.308(a)(5)(ii)(C): failed log-ins are collected and the alerts on them are reviewed. */
export const loginMonitoring: Measure = {
  id: 'login-monitoring',
  title: 'Log-in monitoring (failures collected, login alerts reviewed)',
  run({ db, from, to }): MeasureResult {
    const query = "authentication events by outcome and dataset; alerts of auth.* and identity.* detectors with a triage row other than 'open'";
    const rows = db.prepare(`SELECT json_extract(doc, '$.event.dataset') AS ds, outcome, COUNT(*) AS n FROM events WHERE ts >= ? AND ts < ? AND category = 'authentication' GROUP BY ds, outcome`).all(from, to) as Array<{ ds: string; outcome: string | null; n: number }>;
    if (!rows.length) return notMeasured(this, 'no authentication events in the period', query);
    const failures = rows.filter((r) => r.outcome === 'failure').reduce((a, r) => a + r.n, 0);
    const failingSources = new Set(rows.filter((r) => r.outcome === 'failure').map((r) => r.ds)).size;
    const alerts = db.prepare(`SELECT a.id, t.status FROM alerts a LEFT JOIN triage t ON t.alert_id = a.id WHERE a.ts >= ? AND a.ts < ? AND (a.detector LIKE 'auth.%' OR a.detector LIKE 'identity.%')`).all(from, to) as Array<{ id: string; status: string | null }>;
    const reviewed = alerts.filter((a) => a.status !== null && a.status !== 'open');
    const status = failures === 0 ? 'gap' : reviewed.length < alerts.length ? 'partial' : 'met';
    return {
      id: this.id, title: this.title, status, value: failures, unit: 'count',
      summary: `${failures} failed log-ins collected from ${failingSources} of ${new Set(rows.map((r) => r.ds)).size} authentication sources; ${reviewed.length} of ${alerts.length} login alerts reviewed.`,
      counts: { failures, sources: new Set(rows.map((r) => r.ds)).size, alerts: alerts.length, reviewed: reviewed.length }, query,
      examples: alerts.filter((a) => !reviewed.includes(a)).slice(0, 10).map((a) => `alert:${a.id}`),
      breakdown: rows.filter((r) => r.outcome === 'failure').map((r) => ({ label: r.ds, value: r.n })),
    };
  },
};

/**
 * 164.312(a)(2)(iii): signs that sessions are not logged off — interactive Linux sessions (PAM
 * session opened/closed, cron excluded) longer than 12 hours or never closed.
 */
export const sessionLength: Measure = {
  id: 'session-length',
  title: 'Automatic logoff signs (interactive sessions over 12 h)',
  run({ db, from, to }): MeasureResult {
    const query = "linux.auth session_opened/session_closed paired by host and process id, PAM service other than cron; long = over 12 h or still open 12 h before the period end";
    const rows = db.prepare(`SELECT id, ts, action, host_name AS h, json_extract(doc, '$.process.pid') AS pid FROM events
      WHERE ts >= ? AND ts < ? AND action IN ('session_opened', 'session_closed') AND json_extract(doc, '$.event.dataset') = 'linux.auth'
      AND COALESCE(json_extract(doc, '$.wardwatch.pam.service'), '') NOT IN ('cron', 'CRON') ORDER BY ts`).all(from, to) as Array<{ id: string; ts: number; action: string; h: string | null; pid: number | null }>;
    const open = new Map<string, { id: string; ts: number }>();
    const lengths: Array<{ id: string; hours: number }> = [];
    for (const r of rows) {
      const key = `${r.h}|${r.pid}`;
      if (r.action === 'session_opened') open.set(key, { id: r.id, ts: r.ts });
      else {
        const o = open.get(key);
        if (o) { lengths.push({ id: o.id, hours: (r.ts - o.ts) / 3_600_000 }); open.delete(key); }
      }
    }
    const unclosed = [...open.values()].filter((o) => o.ts < to - 12 * 3_600_000);
    const measured = lengths.length + unclosed.length;
    if (!measured) return notMeasured(this, 'no interactive session start/end events in the period', query);
    const long = lengths.filter((l) => l.hours > 12);
    const share = (long.length + unclosed.length) / measured;
    const sorted = lengths.map((l) => l.hours).sort((a, b) => a - b);
    const median = sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
    return {
      id: this.id, title: this.title, status: share === 0 ? 'met' : share <= 0.05 ? 'partial' : 'gap', value: share, unit: 'share',
      summary: `${long.length + unclosed.length} of ${measured} interactive sessions lasted over 12 h or were never closed (${pct(share)}); median session ${median.toFixed(1)} h.`,
      counts: { sessions: measured, long: long.length, unclosed: unclosed.length, medianMinutes: Math.round(median * 60) }, query,
      examples: [...long.map((l) => l.id), ...unclosed.map((u) => u.id)].slice(0, 10).map((i) => `event:${i}`),
    };
  },
};

/** 164.312(a)(2)(ii): emergency ("break-glass") EHR access in use, each with a stated reason. */
export const emergencyAccess: Measure = {
  id: 'emergency-access',
  title: 'Emergency (break-glass) access with a stated reason',
  run({ db, from, to }): MeasureResult {
    const query = "ehr.access events with ehr.break_glass = true in the period; share with ehr.reason set";
    const ehr = db.prepare(`SELECT COUNT(*) FROM events WHERE ts >= ? AND ts < ? AND json_extract(doc, '$.event.dataset') = 'ehr.access'`).pluck().get(from, to) as number;
    if (!ehr) return notMeasured(this, 'no EHR access log in the period', query);
    const bg = db.prepare(`SELECT id, json_extract(doc, '$.ehr.reason') AS reason FROM events WHERE ts >= ? AND ts < ? AND json_extract(doc, '$.event.dataset') = 'ehr.access' AND json_extract(doc, '$.ehr.break_glass') = 1`).all(from, to) as Array<{ id: string; reason: string | null }>;
    if (!bg.length) return notMeasured(this, `no break-glass access among ${ehr} EHR accesses in the period (the procedure itself needs an attestation)`, query, { ehrAccesses: ehr });
    const withReason = bg.filter((b) => b.reason);
    const share = withReason.length / bg.length;
    return {
      id: this.id, title: this.title, status: rate(share, 0.99, 0.9), value: share, unit: 'share',
      summary: `${bg.length} break-glass accesses; ${withReason.length} stated a reason (${pct(share)}).`,
      counts: { ehrAccesses: ehr, breakGlass: bg.length, withReason: withReason.length }, query,
      examples: bg.filter((b) => !b.reason).slice(0, 10).map((b) => `event:${b.id}`),
    };
  },
};
