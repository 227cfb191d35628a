import { isIP } from 'node:net';
import type { RespondSettings } from '../core/config.js';
import { addressSet, isAddressOrCidr } from './net.js';

/**
 * The device inventory's criticality of the device holding an address or MAC now (override, else
 * classified), `undefined` when it knows no such device. Inventory values map onto the gate's.
 */
export type InventoryCriticality = (target: string) => 'life-sustaining' | 'diagnostic' | 'operational' | undefined;

/** Criticality of a target, from the configured assets. */
export type Criticality = RespondSettings['assets'][number]['criticality'];

/** What the safety policy says about acting on a target. */
export type Verdict =
  | { kind: 'allow' }
  | { kind: 'approval'; role: 'biomed'; reason: string }
  | { kind: 'refuse'; reason: string };

/** Criticalities that are never acted on without a biomedical-engineering approval. */
const PROTECTED: ReadonlySet<Criticality> = new Set(['life-sustaining', 'diagnostic']);

/**
 * The patient-safety gate every disruptive action passes: allow-lists first (never acted on),
 * then criticality (life-sustaining and diagnostic targets need a `biomed` approval).
 * A CIDR target is checked against every asset and allow-listed address inside it.
 *
 * @example
 * const p = new SafetyPolicy(cfg.respond); p.check('10.20.0.5') // { kind: 'approval', role: 'biomed', … }
 */
export class SafetyPolicy {
  private readonly allowAddrs;
  private readonly allowAccounts: Set<string>;
  private readonly assets: Array<{ test: (t: string) => boolean; criticality: Criticality; label: string; cidr?: string }>;

  /**
   * @param inventory the device inventory's view of a target (see {@link InventoryCriticality}); the
   *   configured assets and the inventory both count, the higher criticality wins.
   */
  constructor(private readonly cfg: Pick<RespondSettings, 'assets' | 'allow'>, private readonly inventory?: InventoryCriticality) {
    this.allowAddrs = addressSet(cfg.allow.addresses);
    this.allowAccounts = new Set(cfg.allow.accounts.map((a) => a.toLowerCase()));
    this.assets = cfg.assets.map((a) => {
      if (isAddressOrCidr(a.match)) {
        const set = addressSet([a.match]);
        return { test: (t: string) => set.has(t), criticality: a.criticality, label: a.name ?? a.match, cidr: a.match };
      }
      const host = a.match.toLowerCase();
      return { test: (t: string) => t.toLowerCase() === host, criticality: a.criticality, label: a.name ?? a.match };
    });
  }

  /** Criticality of a target (the highest of the assets it matches); `none` when none matches. */
  criticality(target: string): Criticality {
    const order: Criticality[] = ['life-sustaining', 'diagnostic', 'operational', 'none'];
    const found = this.assets.filter((a) => a.test(target) || this.overlaps(target, a.cidr)).map((a) => a.criticality);
    const inv = this.fromInventory(target);
    if (inv) found.push(inv);
    return order.find((c) => found.includes(c)) ?? 'none';
  }

  /** What the device inventory says of a single address (a failing lookup never opens the gate: it just adds nothing). */
  private fromInventory(target: string): Criticality | undefined {
    if (!this.inventory || target.includes('/')) return undefined;
    try {
      return this.inventory(target);
    } catch {
      return undefined;
    }
  }

  /** A CIDR target overlaps an asset range when either holds the other's network address. */
  private overlaps(target: string, cidr: string | undefined): boolean {
    if (!cidr || !target.includes('/')) return false;
    const [tNet] = target.split('/');
    const [aNet] = cidr.split('/');
    return addressSet([target]).has(aNet!) || addressSet([cidr]).has(tNet!);
  }

  /** Decide on one target. */
  check(target: string): Verdict {
    const addr = target.split('/')[0]!;
    if (isIP(addr)) {
      if (this.allowAddrs.has(addr) || this.cfg.allow.addresses.some((a) => target.includes('/') && addressSet([target]).has(a.split('/')[0]!))) {
        return { kind: 'refuse', reason: `${target} is allow-listed (respond.allow.addresses)` };
      }
    } else if (this.allowAccounts.has(target.toLowerCase())) {
      return { kind: 'refuse', reason: `${target} is allow-listed (respond.allow.accounts)` };
    }
    const c = this.criticality(target);
    if (PROTECTED.has(c)) return { kind: 'approval', role: 'biomed', reason: `${target} is ${c}: never acted on automatically` };
    return { kind: 'allow' };
  }
}
