import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { humanDuration } from '../../core/duration.js';
import { CategoricalNovelty } from '../../ml/categorical.js';
import { KeyedDetector } from '../keyed-detector.js';
import { alertId } from '../alert-id.js';
import { common, duration, severity } from './config.js';
import { countryDistanceKm } from './countries.js';
import { isLoginSuccess, sourceCountry, userKey } from './events.js';
import { clampRisk, riskFactor, severityFor } from './risk.js';

const config = z.strictObject({
  /** Faster than this between two logins' countries is impossible (airliners cruise at ~900 km/h). */
  maxSpeedKmh: z.number().positive().default(1000),
  /** Centroid distances below this are ignored: neighbouring countries' centroids say little about real positions. */
  minDistanceKm: z.number().min(0).default(500),
  /** A country the user logged in from at least this many times before is a known location (a VPN exit, a home abroad). */
  knownCountryLogins: z.number().int().min(1).default(3),
  /** Source addresses to ignore (exact IPs or prefixes ending in "." / ":", e.g. a VPN concentrator "198.51.100."). */
  ignoreSources: z.array(z.string().min(1)).default([]),
  /** Compare with the previous login only if it was this recent. */
  lookback: duration('24h'),
  severity: severity.default('medium'),
  ...common,
});
type Config = z.output<typeof config>;

interface Last { t: number; cc: string; id: string; ip?: string }
interface State { last?: Last; countries: CategoricalNovelty; seen: number }

/** Two successful logins whose countries are too far apart for the time between them. */
class ImpossibleTravel extends KeyedDetector<State> {
  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(Math.max(cfg.lookback * 2, 180 * 86_400_000));
  }

  accepts(e: WardEvent): boolean {
    if (!isLoginSuccess(e) || !userKey(e) || !sourceCountry(e)) return false;
    const ip = e.source?.ip;
    return !(ip && this.cfg.ignoreSources.some((p) => ip === p || ((p.endsWith('.') || p.endsWith(':')) && ip.startsWith(p))));
  }

  key(e: WardEvent): string | undefined {
    return userKey(e);
  }

  protected fresh(): State {
    return { countries: new CategoricalNovelty(16), seen: 0 };
  }

  protected step(st: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    const cc = sourceCountry(e)!;
    const prev = st.last;
    const known = st.countries.assess(cc).count >= this.cfg.knownCountryLogins;
    st.countries.observe(cc, t);
    st.seen = Math.max(st.seen, t);
    const cur: Last = { t, cc, id: e.event.id, ...(e.source?.ip ? { ip: e.source.ip } : {}) };
    if (!prev || t < prev.t) {
      if (!prev) st.last = cur;
      return;
    }
    st.last = cur;
    if (prev.cc === cc || t - prev.t > this.cfg.lookback || known) return;
    const km = countryDistanceKm(prev.cc, cc);
    if (km === undefined || km < this.cfg.minDistanceKm) return;
    // A one-minute floor keeps two logins in the same second from dividing by zero.
    const hours = Math.max(t - prev.t, 60_000) / 3_600_000;
    const speed = km / hours;
    if (speed <= this.cfg.maxSpeedKmh) return;
    const risk = clampRisk(50 + 20 * Math.log10(speed / this.cfg.maxSpeedKmh) + 15 * Math.min(1, km / 5000));
    const gap = humanDuration(Math.round((t - prev.t) / 60_000) * 60_000 || 60_000);
    emit({
      id: alertId(this.rule, key, `${prev.id}|${e.event.id}`),
      time: e['@timestamp'],
      title: `Impossible travel for "${key}": ${prev.cc} → ${cc}`,
      severity: severityFor(risk, this.cfg.severity),
      entities: [{ type: 'user', id: key }, ...[prev.ip, cur.ip].filter((ip): ip is string => !!ip).map((ip) => ({ type: 'ip' as const, id: ip }))],
      techniques: ['T1078'],
      firstSeen: new Date(prev.t).toISOString(),
      lastSeen: e['@timestamp'],
      explanation: explain(
        `"${key}" logged in from ${prev.cc}${prev.ip ? ` (${prev.ip})` : ''} and then from ${cc}${cur.ip ? ` (${cur.ip})` : ''} ${gap} later.`,
        [
          { feature: 'travel_speed_kmh', label: 'km/h implied between the two logins', observed: Math.round(speed), threshold: this.cfg.maxSpeedKmh },
          { feature: 'distance_km', label: 'km between the countries\' centres', observed: Math.round(km), threshold: this.cfg.minDistanceKm },
          { feature: 'new_country_logins', label: `earlier logins from ${cc}`, observed: st.countries.assess(cc).count - 1, baseline: { kind: 'self', value: this.cfg.knownCountryLogins, description: `a known location needs ${this.cfg.knownCountryLogins}` } },
          riskFactor(risk),
        ],
        [prev.id, e.event.id],
        2,
        this.cfg.maxEvidence,
      ),
    });
  }

  protected lastSeen(st: State): number {
    return st.seen;
  }

  protected encode(st: State): unknown {
    return { l: st.last, c: st.countries.toJSON(), s: st.seen };
  }

  protected decode(raw: unknown): State {
    const r = (raw ?? {}) as { l?: Last; c?: unknown; s?: unknown };
    const st: State = { countries: CategoricalNovelty.from(r.c, 16), seen: Number(r.s) || 0 };
    if (r.l && typeof r.l.cc === 'string' && typeof r.l.id === 'string' && Number.isFinite(r.l.t)) st.last = r.l;
    return st;
  }
}

/** `identity.impossible_travel`: consecutive logins from countries too far apart for the time between them. */
export const impossibleTravelDetector: DetectorDef<Config> = {
  type: 'identity.impossible_travel',
  description: 'Two successful logins by one user from countries whose distance over the time between them implies travel faster than an airliner.',
  config,
  build: (cfg, ctx) => new ImpossibleTravel(cfg, ctx.name),
};
