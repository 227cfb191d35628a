import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { ExplanationFactor } from '../../core/alert.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { HourOfWeekHistogram, type HourUsualness } from '../../ml/hour-of-week.js';
import { PeerGroups } from '../../ml/peer-groups.js';
import { learnedShift, NIGHT_HOURS, onShift } from '../../ml/shift.js';
import { localTime } from '../../ml/time.js';
import { KeyedDetector } from '../keyed-detector.js';
import { alertId } from '../alert-id.js';
import { common, duration, peerBy, roster, severity, timeZone } from './config.js';
import { isLoginSuccess, pct, peerGroup, userKey } from './events.js';
import { rosterFor, type Roster } from './roster.js';
import { clampRisk, riskFactor, severityFor } from './risk.js';

const config = z.strictObject({
  timeZone,
  /** Half-life of the activity histograms: old habits fade, a new rota takes over. */
  halfLife: duration('30d'),
  /** Decayed logins the user needs before their own history is trusted. */
  minHistory: z.number().positive().default(20),
  /** Peer-group logins needed before the peer baseline is used. */
  minPeerHistory: z.number().positive().default(50),
  /** Rare = smoothed probability below this fraction of a uniform spread (0.1 = 10× rarer than average). */
  rareRatio: z.number().positive().max(1).default(0.1),
  /** Logins within this much of a rostered shift are on shift. */
  shiftGrace: duration('45m'),
  /** Night share of history above which someone "works nights" (night logins are normal for them). */
  nightWorkerShare: z.number().min(0).max(1).default(0.35),
  /** At most one alert per user per cooldown. */
  cooldown: duration('12h'),
  peerBy,
  roster,
  severity: severity.default('low'),
  ...common,
});
type Config = z.output<typeof config>;

interface State { h: HourOfWeekHistogram; group?: string; last: number; alerted: number }

/**
 * A successful login at an hour that is rare for the user *and* for their peer group, unless a
 * roster shift or the user's own history (they work nights) says it is normal.
 */
class RareLoginTime extends KeyedDetector<State> {
  private readonly peers: PeerGroups<HourOfWeekHistogram>;
  private readonly roster: Roster;

  constructor(private readonly cfg: Config, private readonly rule: string, roster: Roster) {
    super(Math.max(cfg.halfLife * 6, 90 * 86_400_000));
    this.roster = roster;
    this.peers = new PeerGroups(() => new HourOfWeekHistogram(cfg.halfLife));
  }

  accepts(e: WardEvent): boolean {
    return isLoginSuccess(e) && !!userKey(e);
  }

  key(e: WardEvent): string | undefined {
    return userKey(e);
  }

  protected fresh(): State {
    return { h: new HourOfWeekHistogram(this.cfg.halfLife), last: 0, alerted: 0 };
  }

  protected step(st: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    const entry = this.roster.get(key);
    const group = peerGroup(this.cfg.peerBy, entry, e);
    if (group) st.group = group;
    const lt = localTime(t, this.cfg.timeZone);
    const self = st.h.assess(lt.how);
    const peerHist = st.group ? this.peers.peek(st.group) : undefined;
    const peer = peerHist && peerHist.total >= this.cfg.minPeerHistory ? peerHist.assess(lt.how) : undefined;
    const verdict = this.judge(self, peer, st, lt.hour, entry?.shifts ? onShift(entry.shifts, lt, this.cfg.shiftGrace / 60_000) : false);
    // Learn after judging: the login itself must not make itself look usual.
    st.h.add(lt.how, t);
    if (st.group) this.peers.get(st.group).add(lt.how, t);
    st.last = Math.max(st.last, t);
    if (!verdict || t - st.alerted < this.cfg.cooldown) return;
    st.alerted = t;
    const when = `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][lt.dow]} ${String(lt.hour).padStart(2, '0')}:${String(lt.minuteOfDay % 60).padStart(2, '0')}`;
    const factors: ExplanationFactor[] = [];
    if (self.weight >= this.cfg.minHistory) {
      factors.push({
        feature: 'login_time_self', label: `${this.cfg.timeZone} login`, observed: when,
        baseline: { kind: 'self', value: Number(self.dayShare.toFixed(4)), description: `${pct(self.dayShare)} of this user's ~${Math.round(self.weight)} recent logins fall within an hour of this time of day` },
      });
    }
    if (peer) {
      factors.push({
        feature: 'login_time_peers', label: `${this.cfg.timeZone} login, compared with peers "${st.group}"`, observed: when,
        baseline: { kind: 'peers', value: Number(peer.dayShare.toFixed(4)), description: `${pct(peer.dayShare)} of the peer group's logins fall within an hour of this time of day` },
      });
    }
    factors.push(riskFactor(verdict.risk));
    const ip = e.source?.ip;
    emit({
      id: alertId(this.rule, key, e.event.id),
      time: e['@timestamp'],
      title: `Login at an unusual time for "${key}"`,
      severity: severityFor(verdict.risk, this.cfg.severity),
      entities: [{ type: 'user', id: key }, ...(ip ? [{ type: 'ip' as const, id: ip }] : []), ...(e.host?.name ? [{ type: 'host' as const, id: e.host.name }] : [])],
      techniques: ['T1078'],
      firstSeen: e['@timestamp'],
      lastSeen: e['@timestamp'],
      explanation: explain(`"${key}" logged in at ${when} ${this.cfg.timeZone}, an hour at which ${verdict.who} rarely ${verdict.who === 'this user' ? 'logs' : 'log'} in${entry?.shifts ? ' and outside the rostered shift' : ''}.`, factors, [e.event.id], 1, this.cfg.maxEvidence),
    });
  }

  /** Decide whether the hour is unusual; returns the risk and who finds it rare, or undefined. */
  private judge(self: HourUsualness, peer: HourUsualness | undefined, st: State, hour: number, rostered: boolean): { risk: number; who: string } | undefined {
    if (rostered) return undefined;
    const selfKnown = self.weight >= this.cfg.minHistory;
    if (selfKnown && NIGHT_HOURS.has(hour) && learnedShift(st.h, this.cfg.nightWorkerShare, this.cfg.minHistory).worksNights) return undefined;
    const rare = this.cfg.rareRatio;
    if (selfKnown) {
      if (self.ratio >= rare) return undefined;
      // Peers who log in at this hour make it plausible (a new rota): stay quiet.
      if (peer && peer.ratio >= rare) return undefined;
      const surprise = -Math.log10(Math.max(self.ratio, 1e-6) / rare);
      return { risk: clampRisk(40 + 15 * surprise + (peer ? 15 : 0)), who: peer ? 'this user and their peers' : 'this user' };
    }
    // Cold start: only the peer group can speak, and it must be emphatic. Once the newcomer's own
    // short history has logins near this hour (their first nights), it is their pattern, not an anomaly.
    if (peer && peer.ratio < rare / 2 && self.dayShare === 0) {
      const surprise = -Math.log10(Math.max(peer.ratio, 1e-6) / rare);
      return { risk: clampRisk(30 + 15 * surprise), who: `their peers ("${st.group}")` };
    }
    return undefined;
  }

  protected lastSeen(st: State): number {
    return st.last;
  }

  protected encode(st: State): unknown {
    return { h: st.h.toJSON(), g: st.group, l: st.last, a: st.alerted };
  }

  protected decode(raw: unknown): State {
    const r = (raw ?? {}) as { h?: unknown; g?: unknown; l?: unknown; a?: unknown };
    const st: State = { h: HourOfWeekHistogram.from(r.h, this.cfg.halfLife), last: Number(r.l) || 0, alerted: Number(r.a) || 0 };
    if (typeof r.g === 'string') {
      st.group = r.g;
      // Peer aggregates are derived: rebuild them from the restored members.
      this.peers.get(r.g).merge(st.h);
    }
    return st;
  }
}

/** `identity.rare_login_time`: logins at hours rare for the user and their peers, shift-aware. */
export const rareLoginTimeDetector: DetectorDef<Config> = {
  type: 'identity.rare_login_time',
  description: 'A successful login at an hour of the week that is rare for the user and for their peer group (roster and learned shifts make night work normal).',
  config,
  build: (cfg, ctx) => new RareLoginTime(cfg, ctx.name, rosterFor(cfg.roster, ctx)),
};
