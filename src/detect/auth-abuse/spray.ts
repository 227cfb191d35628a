import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { alertId } from '../alert-id.js';
import { common, duration, severity } from './config.js';
import { attemptHit, episodeContext } from './context.js';
import { failureKind, failureReason, isAuthFailure, sourceKey, userKey } from './events.js';
import { EpisodeDetector, type EpisodeState } from './episode.js';

const config = z.strictObject({
  /** Distinct accounts failing from one source within `window` that raise an alert. */
  distinctUsers: z.number().int().min(2).default(10),
  window: duration('10m'),
  severity: severity.default('high'),
  ...common,
});
type Config = z.output<typeof config>;

const IP = /^[0-9.]+$|:/;

/**
 * One source failing against many accounts: password spraying (ATT&CK T1110.003), or — when
 * most accounts do not exist (Kerberos 0x6, NTLM 0xC0000064, sshd "Invalid user") — account
 * enumeration as Kerbrute does it (T1087.002). The source is the address, or the workstation
 * name where Windows logs no address (NTLM 4776, local logons).
 */
class Spray extends EpisodeDetector {
  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(cfg.window, cfg.distinctUsers * 50);
  }

  accepts(e: WardEvent): boolean {
    // Invalid-user lines count here: trying accounts that do not exist is part of a spray.
    return isAuthFailure(e) && !!e.user?.name && !!sourceKey(e);
  }

  key(e: WardEvent): string | undefined {
    return sourceKey(e);
  }

  protected step(st: EpisodeState, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    this.advance(st, t);
    const hit = { ...attemptHit(e, t, userKey(e)), n: 1 };
    if (failureKind(e) === 'unknown_user' || failureReason(e) === 'unknown user name') hit.x = true;
    st.w.add(hit);
    if (st.alerted) return;
    const users = new Set(st.w.hits.map((h) => h.v));
    if (users.size < this.cfg.distinctUsers) return;
    st.alerted = true;
    const hits = st.w.hits;
    const first = hits[0]!;
    const names = [...users].filter((u): u is string => !!u);
    const unknown = new Set(hits.filter((h) => h.x).map((h) => h.v)).size;
    const enumeration = unknown * 2 > users.size;
    const ctx = episodeContext(hits, false);
    const what = IP.test(key) ? key : `workstation ${key}`;
    emit({
      id: alertId(this.rule, key, first.id),
      time: e['@timestamp'],
      title: enumeration ? `Account enumeration from ${what}` : `Password spraying from ${what}`,
      severity: this.cfg.severity,
      entities: [{ type: IP.test(key) ? 'ip' : 'host', id: key }, ...names.slice(0, 20).map((u) => ({ type: 'user' as const, id: u }))],
      techniques: enumeration ? ['T1110.003', 'T1087.002'] : ['T1110.003'],
      firstSeen: new Date(first.t).toISOString(),
      lastSeen: e['@timestamp'],
      explanation: explain(
        `Source ${what} failed to log in to many different accounts (${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''})${enumeration ? `; ${unknown} of them do not exist, so the names are being guessed` : ''}${ctx.clause}.`,
        [
          {
            feature: 'distinct_users', label: 'distinct accounts with failed logins', observed: users.size,
            threshold: this.cfg.distinctUsers, windowMs: this.cfg.window,
            baseline: { kind: 'threshold', value: this.cfg.distinctUsers, description: `alert at ${this.cfg.distinctUsers} or more` },
          },
          { feature: 'failed_attempts', label: 'failed attempts in total', observed: hits.length },
          ...ctx.factors,
        ],
        hits.map((h) => h.id),
        hits.length,
        this.cfg.maxEvidence,
      ),
    });
  }
}

export const sprayDetector: DetectorDef<Config> = {
  type: 'auth.spray',
  description: 'One source failing against many accounts within a time window (password spraying, account enumeration).',
  config,
  build: (cfg, ctx) => new Spray(cfg, ctx.name),
};
