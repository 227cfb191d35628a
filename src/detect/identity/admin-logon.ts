import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { CategoricalNovelty } from '../../ml/categorical.js';
import { KeyedDetector } from '../keyed-detector.js';
import { alertId } from '../alert-id.js';
import { common, compile, duration, patterns, severity } from './config.js';
import { isLoginSuccess, userKey } from './events.js';
import { clampRisk, riskFactor, severityFor } from './risk.js';

const config = z.strictObject({
  /** Privileged account names (regular expressions, case-insensitive). */
  accounts: patterns(['^root$', '^administrator$', '^admin$', '^adm[-_.]', '[-_.]adm$', '^da[-_.]']),
  /** `user.roles` values that make an account privileged. */
  roles: z.array(z.string().min(1)).default(['admin', 'administrator', 'domain_admin', 'superuser']),
  /** Events that mark a privileged logon whatever the name (Windows 4672 "special privileges assigned"). */
  codes: z.array(z.string().min(1)).default(['4672']),
  actions: z.array(z.string().min(1)).default(['special-privileges-assigned-to-new-logon']),
  /** No alerts for an account until this long after its first privileged logon. */
  learningPeriod: duration('7d'),
  /** Hosts remembered per account. */
  maxHosts: z.number().int().min(2).max(4096).default(128),
  /**
   * A host that at least this many other privileged accounts already administer is the team's
   * routine (a server pool shared by the IT team), not a stray: no alert. 0 turns the check off.
   */
  sharedByAccounts: z.number().int().min(0).default(2),
  severity: severity.default('medium'),
  ...common,
});
type Config = z.output<typeof config>;

interface State { hosts: CategoricalNovelty; first: number; last: number }

/**
 * A privileged account logging on to a host it has never administered (after a learning period),
 * unless other privileged accounts routinely administer that host.
 */
class NewAdminLogon extends KeyedDetector<State> {
  private readonly accounts: RegExp[];
  private readonly roles: ReadonlySet<string>;
  private readonly codes: ReadonlySet<string>;
  private readonly actions: ReadonlySet<string>;
  /** Privileged accounts per host, over the accounts this shard holds (derived: rebuilt on restore, not persisted). */
  private readonly fleet = new Map<string, Set<string>>();

  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(400 * 86_400_000);
    this.accounts = compile(cfg.accounts);
    this.roles = new Set(cfg.roles.map((r) => r.toLowerCase()));
    this.codes = new Set(cfg.codes);
    this.actions = new Set(cfg.actions);
  }

  private privileged(e: WardEvent, user: string): boolean {
    if (this.accounts.some((r) => r.test(user))) return true;
    if (Array.isArray(e.user?.roles) && e.user.roles.some((r) => this.roles.has(String(r).toLowerCase()))) return true;
    return (e.event.code !== undefined && this.codes.has(String(e.event.code))) || (e.event.action !== undefined && this.actions.has(e.event.action));
  }

  accepts(e: WardEvent): boolean {
    const u = userKey(e);
    if (!u || !e.host?.name) return false;
    const marker = (e.event.code !== undefined && this.codes.has(String(e.event.code))) || (e.event.action !== undefined && this.actions.has(e.event.action));
    return (isLoginSuccess(e) || marker) && this.privileged(e, u);
  }

  key(e: WardEvent): string | undefined {
    return userKey(e);
  }

  protected fresh(): State {
    return { hosts: new CategoricalNovelty(this.cfg.maxHosts, 180 * 86_400_000), first: 0, last: 0 };
  }

  protected step(st: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    const host = e.host!.name!.toLowerCase();
    if (st.first === 0 || t < st.first) st.first = t;
    const seen = st.hosts.assess(host);
    st.hosts.observe(host, t);
    st.last = Math.max(st.last, t);
    const admins = this.adminsOf(host);
    const others = admins.size - (admins.has(key) ? 1 : 0);
    admins.add(key);
    if (seen.seen || t - st.first < this.cfg.learningPeriod) return;
    if (this.cfg.sharedByAccounts > 0 && others >= this.cfg.sharedByAccounts) return;
    // An account that administers few hosts straying to a new one is more telling than a broad admin's.
    const risk = clampRisk(seen.distinct >= 5 ? 45 : 60);
    const ip = e.source?.ip;
    emit({
      id: alertId(this.rule, key, e.event.id),
      time: e['@timestamp'],
      title: `Privileged account "${key}" logged on to new host ${e.host!.name}`,
      severity: severityFor(risk, this.cfg.severity),
      entities: [{ type: 'user', id: key }, { type: 'host', id: e.host!.name! }, ...(ip ? [{ type: 'ip' as const, id: ip }] : [])],
      techniques: ['T1078.002', 'T1021'],
      firstSeen: e['@timestamp'],
      lastSeen: e['@timestamp'],
      explanation: explain(
        `Privileged account "${key}" logged on to ${e.host!.name}${ip ? ` from ${ip}` : ''}, a host it has not administered before.`,
        [
          { feature: 'new_admin_host', label: 'host, new for this privileged account', observed: e.host!.name!, baseline: { kind: 'self', value: seen.distinct, description: `${seen.distinct} host${seen.distinct === 1 ? '' : 's'} administered since ${new Date(st.first).toISOString().slice(0, 10)}` } },
          riskFactor(risk),
        ],
        [e.event.id], 1, this.cfg.maxEvidence,
      ),
    });
  }

  private adminsOf(host: string): Set<string> {
    let s = this.fleet.get(host);
    if (!s) this.fleet.set(host, (s = new Set()));
    return s;
  }

  override restore(key: string, state: unknown): void {
    super.restore(key, state);
    const st = this.states.get(key);
    if (st) for (const h of st.hosts.known()) this.adminsOf(h).add(key);
  }

  protected lastSeen(st: State): number {
    return st.last;
  }

  protected encode(st: State): unknown {
    return { h: st.hosts.toJSON(), f: st.first, l: st.last };
  }

  protected decode(raw: unknown): State {
    const r = (raw ?? {}) as { h?: unknown; f?: number; l?: number };
    return { hosts: CategoricalNovelty.from(r.h, this.cfg.maxHosts, 180 * 86_400_000), first: Number(r.f) || 0, last: Number(r.l) || 0 };
  }
}

/** `identity.new_admin_logon`: a privileged account on a host it never administered before. */
export const newAdminLogonDetector: DetectorDef<Config> = {
  type: 'identity.new_admin_logon',
  description: 'A privileged account (admin names, roles, Windows special-privilege logons) logging on to a host it has not administered before, after a learning period.',
  config,
  build: (cfg, ctx) => new NewAdminLogon(cfg, ctx.name),
};
