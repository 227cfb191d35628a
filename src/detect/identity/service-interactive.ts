import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { KeyedDetector } from '../keyed-detector.js';
import { alertId } from '../alert-id.js';
import { common, compile, duration, patterns, severity } from './config.js';
import { fieldString, isLoginSuccess, userKey } from './events.js';
import { riskFactor, severityFor } from './risk.js';

const config = z.strictObject({
  /** Service-account names (regular expressions, case-insensitive). */
  patterns: patterns(['^svc[-_.]', '[-_.]svc$', '^sa[-_.]', '^service[-_.]', '^app[-_.]', '^gmsa[-_.]']),
  /** Service accounts listed by name (exact, case-insensitive). */
  accounts: z.array(z.string().min(1)).default([]),
  /** Fields holding the logon type (Winlogbeat `winlog.logon.type`, raw `LogonType`). */
  logonTypeFields: z.array(z.string().min(1)).default(['winlog.logon.type', 'winlog.event_data.LogonType']),
  /** Logon types that mean a person at a keyboard or a remote desktop. */
  interactiveTypes: z.array(z.string().min(1)).default(['Interactive', 'RemoteInteractive', 'CachedInteractive', 'CachedRemoteInteractive', 'Unlock', '2', '10', '11', '12', '7']),
  /** `event.action` values that are interactive by nature (e.g. `ssh_login` where automation uses keys only). Empty by default. */
  interactiveActions: z.array(z.string().min(1)).default([]),
  /** One alert per account and host per cooldown. */
  cooldown: duration('24h'),
  severity: severity.default('high'),
  ...common,
});
type Config = z.output<typeof config>;

interface State { hosts: Record<string, number>; last: number }

/** A service account used at a keyboard or over RDP: someone is using its (often never-rotated) password. */
class ServiceInteractive extends KeyedDetector<State> {
  private readonly patterns: RegExp[];
  private readonly accounts: ReadonlySet<string>;
  private readonly types: ReadonlySet<string>;
  private readonly actions: ReadonlySet<string>;

  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(Math.max(cfg.cooldown * 2, 86_400_000));
    this.patterns = compile(cfg.patterns);
    this.accounts = new Set(cfg.accounts.map((a) => a.toLowerCase()));
    this.types = new Set(cfg.interactiveTypes.map((t) => t.toLowerCase()));
    this.actions = new Set(cfg.interactiveActions);
  }

  private logonType(e: WardEvent): string | undefined {
    for (const f of this.cfg.logonTypeFields) {
      const v = fieldString(e, f);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  accepts(e: WardEvent): boolean {
    const u = userKey(e);
    if (!u || !isLoginSuccess(e)) return false;
    // Computer accounts (NAME$) log on all day; they are not service accounts in this sense.
    if (u.endsWith('$')) return false;
    if (!this.accounts.has(u) && !this.patterns.some((r) => r.test(u))) return false;
    const lt = this.logonType(e);
    return (lt !== undefined && this.types.has(lt.toLowerCase())) || (e.event.action !== undefined && this.actions.has(e.event.action));
  }

  key(e: WardEvent): string | undefined {
    return userKey(e);
  }

  protected fresh(): State {
    return { hosts: {}, last: 0 };
  }

  protected step(st: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    const host = e.host?.name ?? '?';
    st.last = Math.max(st.last, t);
    for (const [h, at] of Object.entries(st.hosts)) if (t - at > this.cfg.cooldown) delete st.hosts[h];
    if (st.hosts[host] !== undefined) return;
    // Bounded: a flood of hosts keeps the 64 most recent.
    const keys = Object.keys(st.hosts);
    if (keys.length >= 64) delete st.hosts[keys[0]!];
    st.hosts[host] = t;
    const lt = this.logonType(e) ?? e.event.action ?? 'interactive';
    const risk = /remote|^10$/i.test(lt) ? 80 : 70;
    const ip = e.source?.ip;
    emit({
      id: alertId(this.rule, key, e.event.id),
      time: e['@timestamp'],
      title: `Service account "${key}" logged on interactively to ${host}`,
      severity: severityFor(risk, this.cfg.severity),
      entities: [{ type: 'user', id: key }, { type: 'host', id: host }, ...(ip ? [{ type: 'ip' as const, id: ip }] : [])],
      techniques: ['T1078.002'],
      firstSeen: e['@timestamp'],
      lastSeen: e['@timestamp'],
      explanation: explain(
        `Service account "${key}" was used for an interactive logon (${lt}) on ${host}${ip ? ` from ${ip}` : ''}; service accounts should only log on as services or batch jobs.`,
        [{ feature: 'logon_type', label: 'logon type', observed: lt, baseline: { kind: 'threshold', value: 'service/batch/network', description: 'expected: service, batch or network logons only' } }, riskFactor(risk)],
        [e.event.id], 1, this.cfg.maxEvidence,
      ),
    });
  }

  protected lastSeen(st: State): number {
    return st.last;
  }

  protected encode(st: State): unknown {
    return { h: st.hosts, l: st.last };
  }

  protected decode(raw: unknown): State {
    const r = (raw ?? {}) as { h?: Record<string, number>; l?: number };
    return { hosts: r.h && typeof r.h === 'object' ? { ...r.h } : {}, last: Number(r.l) || 0 };
  }
}

/** `identity.service_account_interactive`: a service account used for an interactive or RDP logon. */
export const serviceAccountInteractiveDetector: DetectorDef<Config> = {
  type: 'identity.service_account_interactive',
  description: 'A service account (by name pattern or list) used for an interactive, remote-interactive or cached logon.',
  config,
  build: (cfg, ctx) => new ServiceInteractive(cfg, ctx.name),
};
