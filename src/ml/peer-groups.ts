/** A baseline that can absorb another of its kind (histograms, categorical counts, sketches). */
export interface Mergeable<B> {
  merge(other: B): void;
}

/**
 * Aggregates of per-entity baselines by peer group (role, department, unit), for cold start and
 * comparison: "3 % of this user's logins are at 03:00; 41 % of night-shift nurses' are".
 *
 * Aggregates are *derived* state: callers feed each entity's observation into its group (and on
 * restore, merge the entity's restored baseline in), so nothing extra is persisted and the
 * aggregates rebuild themselves on any shard layout. With entities sharded by key, each shard holds
 * an unbiased sample of every group. At most `maxGroups` groups are kept; past that the group
 * updated longest ago is dropped.
 *
 * @example
 * const peers = new PeerGroups(() => new HourOfWeekHistogram());
 * peers.get('role:nurse').add(51, t);
 * peers.peek('role:nurse')?.assess(51)
 */
export class PeerGroups<B extends Mergeable<B>> {
  private readonly groups = new Map<string, B>();

  constructor(private readonly create: () => B, readonly maxGroups = 256) {}

  /** The group's aggregate, created when missing (and marked most recently used). */
  get(group: string): B {
    let b = this.groups.get(group);
    if (b) {
      this.groups.delete(group);
    } else {
      b = this.create();
    }
    this.groups.set(group, b);
    if (this.groups.size > this.maxGroups) {
      const oldest = this.groups.keys().next().value;
      if (oldest !== undefined) this.groups.delete(oldest);
    }
    return b;
  }

  /** The group's aggregate if it exists; never creates. */
  peek(group: string): B | undefined {
    return this.groups.get(group);
  }

  get size(): number {
    return this.groups.size;
  }
}
