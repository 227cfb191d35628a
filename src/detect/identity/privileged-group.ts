import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { KeyedDetector } from '../keyed-detector.js';
import { alertId } from '../alert-id.js';
import { common, compile, duration, patterns, severity } from './config.js';
import { fieldString } from './events.js';
import { clampRisk, riskFactor, severityFor } from './risk.js';

const config = z.strictObject({
  /** Privileged groups, matched case-insensitively against the whole group name (regular expressions). */
  groups: patterns([
    '^domain admins$', '^enterprise admins$', '^schema admins$', '^administrators$', '^account operators$',
    '^backup operators$', '^server operators$', '^group policy creator owners$', '^dnsadmins$', '^sudo$', '^wheel$', '^admin$', '^root$',
  ]),
  /** `event.action` values that add a member to a group (linux-auth, Winlogbeat, FHIR audit). */
  actions: z.array(z.string().min(1)).default(['group_member_added', 'added-member-to-group', 'user-added-to-group']),
  /** Windows "member added to a security-enabled group" event codes. */
  codes: z.array(z.string().min(1)).default(['4728', '4732', '4756']),
  /** Repeats of the same change (same account and group) within this time are one finding. */
  dedupe: duration('1h'),
  severity: severity.default('high'),
  ...common,
});
type Config = z.output<typeof config>;

interface State { recent: Record<string, number>; last: number }

/** An account added to a privileged group (Domain Admins, sudo, wheel…): ATT&CK T1098. */
class PrivilegedGroupChange extends KeyedDetector<State> {
  private readonly groups: RegExp[];
  private readonly actions: ReadonlySet<string>;
  private readonly codes: ReadonlySet<string>;

  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(Math.max(cfg.dedupe * 2, 86_400_000));
    this.groups = compile(cfg.groups);
    this.actions = new Set(cfg.actions);
    this.codes = new Set(cfg.codes);
  }

  accepts(e: WardEvent): boolean {
    if (e.event.category?.includes('iam') !== true || e.event.outcome === 'failure') return false;
    const isAdd = (e.event.action !== undefined && this.actions.has(e.event.action)) || (e.event.code !== undefined && this.codes.has(String(e.event.code)));
    if (!isAdd) return false;
    const g = fieldString(e, 'group.name');
    return !!g && this.groups.some((r) => r.test(g)) && !!this.key(e);
  }

  /** The account that gained the privilege (`user.target.name`, else `user.name`), lower-cased. */
  key(e: WardEvent): string | undefined {
    const n = e.user?.target?.name ?? fieldString(e, 'winlog.event_data.MemberName') ?? e.user?.name;
    return typeof n === 'string' && n ? n.toLowerCase() : undefined;
  }

  protected fresh(): State {
    return { recent: {}, last: 0 };
  }

  protected step(st: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    const group = fieldString(e, 'group.name')!;
    const g = group.toLowerCase();
    st.last = Math.max(st.last, t);
    for (const [k, at] of Object.entries(st.recent)) if (t - at > this.cfg.dedupe) delete st.recent[k];
    if (st.recent[g] !== undefined) return;
    st.recent[g] = t;
    const actor = e.user?.target?.name ? e.user?.name : undefined;
    const selfGrant = actor !== undefined && actor.toLowerCase() === key;
    const risk = clampRisk(70 + (selfGrant ? 20 : 0));
    emit({
      id: alertId(this.rule, key, e.event.id),
      time: e['@timestamp'],
      title: `"${key}" added to privileged group "${group}"`,
      severity: severityFor(risk, this.cfg.severity),
      entities: [{ type: 'user', id: key }, ...(actor ? [{ type: 'user' as const, id: actor }] : []), ...(e.host?.name ? [{ type: 'host' as const, id: e.host.name }] : [])],
      techniques: ['T1098'],
      firstSeen: e['@timestamp'],
      lastSeen: e['@timestamp'],
      explanation: explain(
        `Account "${key}" was added to the privileged group "${group}"${actor ? ` by "${actor}"` : ''}${e.host?.name ? ` on ${e.host.name}` : ''}${selfGrant ? '; the account granted the privilege to itself' : ''}.`,
        [{ feature: 'privileged_group', label: 'privileged group joined', observed: group, baseline: { kind: 'threshold', value: 'privileged', description: 'on the privileged-group list' } }, riskFactor(risk)],
        [e.event.id], 1, this.cfg.maxEvidence,
      ),
    });
  }

  protected lastSeen(st: State): number {
    return st.last;
  }

  protected encode(st: State): unknown {
    return { r: st.recent, l: st.last };
  }

  protected decode(raw: unknown): State {
    const r = (raw ?? {}) as { r?: Record<string, number>; l?: number };
    return { recent: r.r && typeof r.r === 'object' ? { ...r.r } : {}, last: Number(r.l) || 0 };
  }
}

/** `identity.privileged_group_change`: an account added to a privileged group. */
export const privilegedGroupChangeDetector: DetectorDef<Config> = {
  type: 'identity.privileged_group_change',
  description: 'An account added to a privileged group (Domain Admins, Administrators, sudo, wheel, …).',
  config,
  build: (cfg, ctx) => new PrivilegedGroupChange(cfg, ctx.name),
};
