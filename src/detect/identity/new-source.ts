import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { ExplanationFactor } from '../../core/alert.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { CategoricalNovelty } from '../../ml/categorical.js';
import { PeerGroups } from '../../ml/peer-groups.js';
import { KeyedDetector } from '../keyed-detector.js';
import { alertId } from '../alert-id.js';
import { common, duration, peerBy, roster, severity } from './config.js';
import { fieldString, isLoginSuccess, iso, pct, peerGroup, sourceCountry, userKey } from './events.js';
import { rosterFor, type Roster } from './roster.js';
import { clampRisk, riskFactor, severityFor } from './risk.js';

const ATTRIBUTES = ['source.ip', 'host.name', 'source.geo.country_iso_code', 'ehr.workstation'] as const;
type Attribute = (typeof ATTRIBUTES)[number];
const LABEL: Record<Attribute, string> = {
  'source.ip': 'source address', 'host.name': 'host', 'source.geo.country_iso_code': 'country', 'ehr.workstation': 'workstation',
};

const config = z.strictObject({
  /** What counts as a login source. */
  attributes: z.array(z.enum(ATTRIBUTES)).min(1).default(['source.ip', 'host.name', 'source.geo.country_iso_code']),
  /** Risk points each new attribute adds; an alert needs `minRisk`. A new IP alone (DHCP, Wi-Fi) stays quiet. */
  weights: z.strictObject({
    'source.ip': z.number().min(0).max(100).default(15),
    'host.name': z.number().min(0).max(100).default(25),
    'source.geo.country_iso_code': z.number().min(0).max(100).default(55),
    'ehr.workstation': z.number().min(0).max(100).default(20),
  }).prefault({}),
  minRisk: z.number().min(1).max(100).default(40),
  /** No alerts for a user until this long after their first login (everything is new in week one). */
  learningPeriod: duration('7d'),
  /** …and until they have this many logins. */
  minHistory: z.number().int().min(1).default(10),
  /** A value the peer group used at least this many times, or for this share of its logins, is not new to the role. */
  peerKnownCount: z.number().int().min(1).default(3),
  peerKnownShare: z.number().min(0).max(1).default(0.05),
  /** Distinct values remembered per attribute per user (least-weighted evicted). */
  maxValues: z.number().int().min(2).max(1024).default(32),
  /** Distinct values remembered per attribute per peer group (a role uses many workstations). */
  peerMaxValues: z.number().int().min(2).max(65_536).default(2048),
  halfLife: duration('60d'),
  peerBy,
  roster,
  severity: severity.default('low'),
  ...common,
});
type Config = z.output<typeof config>;

interface State { seen: Partial<Record<Attribute, CategoricalNovelty>>; group?: string; first: number; last: number; n: number }

function valueOf(e: WardEvent, a: Attribute): string | undefined {
  if (a === 'source.geo.country_iso_code') return sourceCountry(e);
  return fieldString(e, a)?.toLowerCase();
}

/** First login of a user from a source (IP, host, country, workstation) they have not used, after a learning period. */
class NewSource extends KeyedDetector<State> {
  private readonly peers = new Map<Attribute, PeerGroups<CategoricalNovelty>>();

  constructor(private readonly cfg: Config, private readonly rule: string, private readonly roster: Roster) {
    super(Math.max(cfg.halfLife * 4, 90 * 86_400_000));
    for (const a of cfg.attributes) this.peers.set(a, new PeerGroups(() => new CategoricalNovelty(cfg.peerMaxValues, cfg.halfLife), 64));
  }

  accepts(e: WardEvent): boolean {
    return isLoginSuccess(e) && !!userKey(e);
  }

  key(e: WardEvent): string | undefined {
    return userKey(e);
  }

  protected fresh(): State {
    return { seen: {}, first: 0, last: 0, n: 0 };
  }

  protected step(st: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    const group = peerGroup(this.cfg.peerBy, this.roster.get(key), e);
    if (group) st.group = group;
    if (st.first === 0 || t < st.first) st.first = t;
    const learning = t - st.first < this.cfg.learningPeriod || st.n < this.cfg.minHistory;
    const factors: ExplanationFactor[] = [];
    const novel: string[] = [];
    let risk = 0;
    for (const a of this.cfg.attributes) {
      const v = valueOf(e, a);
      if (v === undefined) continue;
      const mine = (st.seen[a] ??= new CategoricalNovelty(this.cfg.maxValues, this.cfg.halfLife));
      const self = mine.assess(v);
      const peer = st.group ? this.peers.get(a)!.peek(st.group)?.assess(v) : undefined;
      mine.observe(v, t);
      if (st.group) this.peers.get(a)!.get(st.group).observe(v, t);
      if (learning || self.seen) continue;
      // Known to the peer group (a float nurse on the unit's shared workstation): not new to the role.
      if (peer && (peer.count >= this.cfg.peerKnownCount || peer.share >= this.cfg.peerKnownShare)) continue;
      risk += this.cfg.weights[a];
      novel.push(`${LABEL[a]} ${v}`);
      factors.push({
        feature: `new_${a.replace(/\./g, '_')}`, label: `as ${LABEL[a]}, new for this user`, observed: v,
        baseline: { kind: 'self', value: self.distinct, description: `${self.distinct} other ${LABEL[a]}${self.distinct === 1 ? '' : 's'} in this user's history` },
      });
      if (peer) {
        factors.push({
          feature: `new_${a.replace(/\./g, '_')}_peers`, label: `as ${LABEL[a]} among peers "${st.group}"`, observed: v,
          baseline: { kind: 'peers', value: peer.count, description: peer.count ? `${peer.count} peer logins, ${pct(peer.share)} of theirs` : 'never used by the peer group' },
        });
      }
    }
    st.n++;
    st.last = Math.max(st.last, t);
    if (risk < this.cfg.minRisk) return;
    const score = clampRisk(risk);
    factors.push(riskFactor(score));
    const ip = e.source?.ip;
    emit({
      id: alertId(this.rule, key, e.event.id),
      time: e['@timestamp'],
      title: `Login by "${key}" from a new ${novel.length === 1 ? novel[0]!.split(' ')[0] : 'source'}`,
      severity: severityFor(score, this.cfg.severity),
      entities: [{ type: 'user', id: key }, ...(ip ? [{ type: 'ip' as const, id: ip }] : []), ...(e.host?.name ? [{ type: 'host' as const, id: e.host.name }] : [])],
      techniques: ['T1078'],
      firstSeen: e['@timestamp'],
      lastSeen: e['@timestamp'],
      explanation: explain(`"${key}" logged in from ${novel.join(' and ')}, new for this user (history since ${iso(st.first).slice(0, 10)}, ${st.n - 1} logins).`, factors, [e.event.id], 1, this.cfg.maxEvidence),
    });
  }

  protected lastSeen(st: State): number {
    return st.last;
  }

  protected encode(st: State): unknown {
    const seen: Record<string, unknown> = {};
    for (const [a, c] of Object.entries(st.seen)) seen[a] = c.toJSON();
    return { s: seen, g: st.group, f: st.first, l: st.last, n: st.n };
  }

  protected decode(raw: unknown): State {
    const r = (raw ?? {}) as { s?: Record<string, unknown>; g?: unknown; f?: unknown; l?: unknown; n?: unknown };
    const st: State = { seen: {}, first: Number(r.f) || 0, last: Number(r.l) || 0, n: Number(r.n) || 0 };
    if (typeof r.g === 'string') st.group = r.g;
    for (const a of this.cfg.attributes) {
      if (!r.s?.[a]) continue;
      const c = CategoricalNovelty.from(r.s[a], this.cfg.maxValues, this.cfg.halfLife);
      st.seen[a] = c;
      if (st.group) this.peers.get(a)!.get(st.group).merge(c);
    }
    return st;
  }
}

/** `identity.new_source`: a login from an IP, host, country or workstation new for the user (after a learning period). */
export const newSourceDetector: DetectorDef<Config> = {
  type: 'identity.new_source',
  description: 'A successful login from a source address, host, country or workstation the user has not used before and their peer group does not use; quiet during a learning period.',
  config,
  build: (cfg, ctx) => new NewSource(cfg, ctx.name, rosterFor(cfg.roster, ctx)),
};
