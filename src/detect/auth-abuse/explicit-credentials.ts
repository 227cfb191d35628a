import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { alertId } from '../alert-id.js';
import { common, duration, severity } from './config.js';
import { EpisodeDetector, type EpisodeState } from './episode.js';

const config = z.strictObject({
  /** Distinct target accounts one account uses explicit credentials for, within `window`, that raise an alert. */
  distinctTargets: z.number().int().min(2).default(6),
  window: duration('1h'),
  /** Target domains that are not accounts a person types a password for (service virtual accounts, DWM/UMFD sessions). */
  ignoreTargetDomains: z.array(z.string()).default(['VIRTUAL USERS', 'Window Manager', 'Font Driver Host', 'NT AUTHORITY', 'NT SERVICE']),
  severity: severity.default('high'),
  ...common,
});
type Config = z.output<typeof config>;

/** A logon with explicit credentials (Windows 4648, "A logon was attempted using explicit credentials"). */
function isExplicitLogon(e: WardEvent): boolean {
  return e.event.action === 'logged-in-explicit' || (e.event.module === 'windows' && String(e.event.code) === '4648');
}

/**
 * One account using explicit credentials for many different accounts: a password spray run
 * from a foothold (`runas`, `net use /user:`, spraying tools), as DeepBlueCLI's "Distributed
 * Account Explicit Credential Use" rule reads 4648 (ATT&CK T1110.003).
 */
class ExplicitCredentials extends EpisodeDetector {
  private readonly ignored: ReadonlySet<string>;

  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(cfg.window, cfg.distinctTargets * 50);
    this.ignored = new Set(cfg.ignoreTargetDomains.map((d) => d.toLowerCase()));
  }

  private target(e: WardEvent): string | undefined {
    const t = e.user?.target;
    const name = t?.name?.toLowerCase();
    if (!name || name.endsWith('$') || name === e.user?.name?.toLowerCase()) return undefined;
    if (t?.domain && this.ignored.has(t.domain.toLowerCase())) return undefined;
    return t?.domain ? `${t.domain.toLowerCase()}\\${name}` : name;
  }

  accepts(e: WardEvent): boolean {
    return isExplicitLogon(e) && !!e.user?.name && this.target(e) !== undefined;
  }

  /** The subject account on its host: where the tool runs. */
  key(e: WardEvent): string | undefined {
    const u = e.user?.name?.toLowerCase();
    if (!u) return undefined;
    return `${e.user?.domain ? `${e.user.domain.toLowerCase()}\\` : ''}${u}@${e.host?.name?.toLowerCase() ?? ''}`;
  }

  protected step(st: EpisodeState, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    this.advance(st, t);
    const server = e.destination?.domain;
    const t0 = e.user?.target;
    const shown = `${t0?.domain ? `${t0.domain}\\` : ''}${t0?.name ?? ''}`;
    st.w.add({ t, id: e.event.id, n: 1, v: this.target(e)!, r: shown, ...(server ? { w: server } : {}) });
    if (st.alerted) return;
    // Distinct accounts (case-insensitive), shown as Windows wrote them.
    const byKey = new Map<string, string>();
    for (const h of st.w.hits) if (h.v && !byKey.has(h.v)) byKey.set(h.v, h.r ?? h.v);
    const targets = [...byKey.values()];
    if (targets.length < this.cfg.distinctTargets) return;
    st.alerted = true;
    const hits = st.w.hits;
    const first = hits[0]!;
    const servers = [...new Set(hits.map((h) => h.w).filter((v): v is string => !!v))];
    const subject = `${e.user?.domain ? `${e.user.domain}\\` : ''}${e.user?.name ?? key}`;
    const host = e.host?.name;
    emit({
      id: alertId(this.rule, key, first.id),
      time: e['@timestamp'],
      title: `Explicit credentials for ${targets.length} accounts used by "${subject}"`,
      severity: this.cfg.severity,
      entities: [
        { type: 'user', id: e.user?.name?.toLowerCase() ?? key },
        ...(host ? [{ type: 'host' as const, id: host }] : []),
        ...targets.slice(0, 20).map((u) => ({ type: 'user' as const, id: u })),
      ],
      techniques: ['T1110.003'],
      firstSeen: new Date(first.t).toISOString(),
      lastSeen: e['@timestamp'],
      explanation: explain(
        `Account "${subject}"${host ? ` on ${host}` : ''} logged on with explicit credentials (event 4648) for many different accounts (${targets.slice(0, 8).join(', ')}${targets.length > 8 ? ', …' : ''})${servers.length ? ` to ${servers.slice(0, 3).join(', ')}${servers.length > 3 ? ', …' : ''}` : ''}: a password spray from this account.`,
        [
          {
            feature: 'distinct_targets', label: 'distinct target accounts', observed: targets.length,
            threshold: this.cfg.distinctTargets, windowMs: this.cfg.window,
            baseline: { kind: 'threshold', value: this.cfg.distinctTargets, description: `alert at ${this.cfg.distinctTargets} or more` },
          },
          { feature: 'explicit_logons', label: 'explicit-credential logons in total', observed: hits.length },
        ],
        hits.map((h) => h.id),
        hits.length,
        this.cfg.maxEvidence,
      ),
    });
  }
}

export const explicitCredentialsDetector: DetectorDef<Config> = {
  type: 'auth.explicit_credentials',
  description: 'One account using explicit credentials (Windows 4648) for many different accounts (password spray from a foothold).',
  config,
  build: (cfg, ctx) => new ExplicitCredentials(cfg, ctx.name),
};
