import type { WardConfig } from '../../core/config.js';
import { WardError } from '../../core/errors.js';
import { correlateAlerts } from '../../incidents/query.js';
import type { SqliteStore } from '../../store/sqlite/sqlite-store.js';
import { ShareDraftRepo, type ShareDraftRecord, type ShareState, type ShareTargets } from '../../store/sqlite/intel-share.js';
import { IntelStore } from '../store/intel-store.js';
import { TLP_LEVELS, type TlpLevel } from '../stix/tlp.js';
import type { StixValidator } from '../stix/validate.js';
import { addEnvelope } from '../taxii/add.js';
import { postEnvelope } from '../taxii/client.js';
import { TaxiiStore } from '../taxii/collections.js';
import { draftShareBundle, leakCheck } from './draft.js';
import { DEFAULT_INTERNAL_SUFFIXES, Scrubber } from './scrub.js';
import { checkStructure } from './structure.js';
import { siteTerms } from './terms.js';

const DAY = 86_400_000;

/** What sharing needs: the event store (alerts, events, drafts, audit), the data directory and the configuration. */
export interface ShareDeps {
  store: SqliteStore;
  dataDir: string;
  config: WardConfig;
  /** The official STIX 2.1 JSON Schemas, when present: every draft is checked against them too. */
  validator?: StixValidator | undefined;
  techniqueName?: ((id: string) => string) | undefined;
  /** The intel store (TAXII collections); opened from the data directory when not given. */
  intel?: IntelStore | undefined;
  now?: () => number;
}

/** A proposal: which incident, at what TLP, to which collection and/or remote peer. */
export interface ShareProposal {
  incidentId: string;
  tlp: TlpLevel;
  targets: ShareTargets;
  note?: string | undefined;
  /** Alerts correlated from this time (default: 30 days ago, as the incidents API). */
  from?: string | undefined;
}

const rank = (t: string) => TLP_LEVELS.indexOf(t as TlpLevel);

/**
 * Sharing an incident out, with four eyes: `propose` drafts a STIX 2.1 bundle from the incident
 * (PHI and internal identifiers stripped, what was removed reported) and stores it; a second
 * person `approve`s — never the proposer — and the draft is checked again (leaks, structure,
 * schemas) and published to a local TAXII collection and/or pushed to a configured peer; or
 * someone `reject`s it. TLP:RED is never shared; AMBER and AMBER+STRICT only go to the
 * collections `intel.share.amberCollections` names and to peers whose `maxTlp` allows them.
 * Every step is in the audit log.
 *
 * @example
 * const svc = new ShareService({ store, dataDir, config });
 * const d = svc.propose({ incidentId, tlp: 'green', targets: { collection: 'isac' } }, 'user:ana');
 * await svc.approve(d.id, 'user:pat');
 */
export class ShareService {
  readonly drafts: ShareDraftRepo;
  private readonly now: () => number;
  private ownIntel: IntelStore | undefined;

  constructor(private readonly deps: ShareDeps) {
    this.drafts = new ShareDraftRepo(deps.store.db);
    this.now = deps.now ?? Date.now;
  }

  /** The scrubber for this site, built fresh (the roster and the policy change). */
  scrubber(): Scrubber {
    const s = this.deps.config.intel.share;
    // The phishing detector's organisation domains are the organisation's too.
    const detectorDomains = this.deps.config.detectors.flatMap((d) => {
      const o = (d as { orgDomains?: unknown }).orgDomains;
      return Array.isArray(o) ? o.filter((x): x is string => typeof x === 'string') : [];
    });
    // Identifier systems the parsers are configured with, so a bare MRN is checked in the system it lives in.
    const systems: string[] = [];
    for (const p of Object.values(this.deps.config.parsers)) {
      const ids = (p as { identifiers?: { defaultSystem?: unknown; authorities?: Record<string, unknown> } }).identifiers;
      if (typeof ids?.defaultSystem === 'string') systems.push(ids.defaultSystem);
      for (const v of Object.values(ids?.authorities ?? {})) if (typeof v === 'string') systems.push(v);
    }
    return new Scrubber(
      { orgDomains: [...s.orgDomains, ...detectorDomains], internalNetworks: s.internalNetworks, internalSuffixes: s.internalSuffixes ?? DEFAULT_INTERNAL_SUFFIXES },
      siteTerms(this.deps.dataDir, { patientIdSystems: [...s.patientIdSystems, ...systems] }),
    );
  }

  private intel(): IntelStore {
    if (this.deps.intel) return this.deps.intel;
    this.ownIntel ??= IntelStore.open(this.deps.dataDir);
    return this.ownIntel;
  }

  /** Close what this service opened. */
  close(): void {
    this.ownIntel?.close();
    this.ownIntel = undefined;
  }

  /** Refuses targets the TLP may not go to (RED anywhere; AMBER outside the configured places). */
  checkTargets(tlp: string, t: ShareTargets): void {
    const s = this.deps.config.intel.share;
    if (rank(tlp) < 0) throw new WardError('request.invalid', `unknown TLP ${tlp}: one of ${TLP_LEVELS.join(', ')}`, 'tlp');
    if (tlp === 'red') throw new WardError('request.invalid', 'TLP:RED never leaves: it is for named recipients only, not for a collection or a peer', 'tlp');
    if (!t.collection && !t.remote) throw new WardError('request.invalid', 'say where to publish: a local TAXII collection, a configured remote, or both', 'targets');
    if (t.collection) {
      const c = new TaxiiStore(this.intel()).collection(t.collection);
      if (!c) throw new WardError('not_found', `no TAXII collection ${t.collection} (wardwatch intel collection add)`, 'targets.collection');
      if (rank(tlp) >= rank('amber') && !s.amberCollections.includes(c.alias) && !s.amberCollections.includes(c.id)) {
        throw new WardError('request.invalid', `TLP:${tlp.toUpperCase()} goes only to the collections intel.share.amberCollections names; ${c.alias} is not one`, 'targets.collection');
      }
    }
    if (t.remote) {
      const r = s.remotes[t.remote];
      if (!r) throw new WardError('not_found', `no remote ${t.remote} in intel.share.remotes`, 'targets.remote');
      if (rank(tlp) > rank(r.maxTlp)) throw new WardError('request.invalid', `remote ${t.remote} takes at most TLP:${r.maxTlp.toUpperCase()}`, 'targets.remote');
    }
  }

  /** Draft and store a share of an incident (audited `intel_share_propose`). */
  propose(p: ShareProposal, actor: string): ShareDraftRecord {
    this.checkTargets(p.tlp, p.targets);
    const now = this.now();
    const from = p.from ?? new Date(now - 30 * DAY).toISOString();
    const alerts = [...this.deps.store.alertsInOrder({ from })];
    const inc = correlateAlerts(alerts).incidents.find((i) => i.id === p.incidentId);
    if (!inc) throw new WardError('not_found', `no incident ${p.incidentId} since ${from}`, 'incidentId');
    const mine = new Set(inc.alertIds);
    const incAlerts = alerts.filter((a) => mine.has(a.id));
    const events = this.deps.store.getEvents([...new Set(incAlerts.flatMap((a) => a.explanation.evidence))].slice(0, 5000));
    const s = this.deps.config.intel.share;
    const d = draftShareBundle(inc, incAlerts, events, { tlp: p.tlp, now, scrubber: this.scrubber(), producer: s.producer, techniqueName: this.deps.techniqueName, validDays: s.validDays });
    this.validate(d.bundle);
    const rec = this.drafts.create({
      incidentId: inc.id, tlp: p.tlp, targets: p.targets, bundle: d.bundle as ShareDraftRecord['bundle'], removed: d.removed, counts: d.counts,
      note: p.note ?? null, proposedBy: actor,
    }, now);
    this.audit(actor, 'intel_share_propose', rec, { incident: inc.id, tlp: p.tlp, targets: p.targets, counts: d.counts, removedReasons: countBy(d.removed.map((r) => r.reason)) });
    return rec;
  }

  /** A draft by id (404 when there is none). */
  get(id: string): ShareDraftRecord {
    const d = this.drafts.get(id);
    if (!d) throw new WardError('not_found', `no share draft ${id}`, 'id');
    return d;
  }

  list(states?: readonly ShareState[], limit = 100): ShareDraftRecord[] {
    return this.drafts.list({ ...(states ? { states } : {}), limit });
  }

  /**
   * A second person approves: the draft is checked again with today's policy and roster, then
   * published to its targets. The proposer may not approve their own draft (four eyes).
   */
  async approve(id: string, actor: string): Promise<ShareDraftRecord> {
    const d = this.get(id);
    if (d.proposedBy === actor) throw new WardError('auth.forbidden', `four eyes: ${actor} proposed ${id}; another person must approve it`, 'id');
    if (d.state !== 'proposed' && d.state !== 'failed') throw new WardError('conflict', `draft ${id} is ${d.state}; only a proposed (or failed) draft can be approved`, 'id');
    this.checkTargets(d.tlp, d.targets);
    const leaks = leakCheck(d.bundle, this.scrubber());
    if (leaks.length) {
      this.drafts.decide(id, ['proposed', 'failed'], 'failed', actor, { result: { error: `refused: ${leaks.length} findings (${[...new Set(leaks.map((l) => l.reason))].join(', ')}) under today's policy; propose it again` } });
      this.audit(actor, 'intel_share_refused', d, { leaks: leaks.slice(0, 20) });
      throw new WardError('conflict', `draft ${id} now carries ${[...new Set(leaks.map((l) => l.reason))].join(', ')} under today's policy or roster; propose it again`, 'id');
    }
    this.validate(d.bundle);
    if (!this.drafts.decide(id, ['proposed', 'failed'], 'approved', actor)) throw new WardError('conflict', `draft ${id} was decided by someone else meanwhile`, 'id');
    this.audit(actor, 'intel_share_approve', d, { proposedBy: d.proposedBy, tlp: d.tlp, targets: d.targets });
    const result: Record<string, unknown> = {};
    let ok = true;
    if (d.targets.collection) {
      const taxii = new TaxiiStore(this.intel());
      const c = taxii.collection(d.targets.collection)!;
      const status = addEnvelope(taxii, c, { objects: d.bundle.objects }, { validator: this.deps.validator, now: this.now() });
      result.collection = { alias: c.alias, id: c.id, status: status.id, added: status.success_count, failed: status.failure_count, failures: status.failures.slice(0, 20) };
      ok &&= status.failure_count === 0;
    }
    if (d.targets.remote) {
      const r = this.deps.config.intel.share.remotes[d.targets.remote]!;
      const secret = r.secretEnv ? process.env[r.secretEnv] : undefined;
      try {
        if (r.secretEnv && secret === undefined) throw new Error(`environment variable ${r.secretEnv} is not set`);
        const status = await postEnvelope({ apiRoot: r.apiRoot, collection: r.collection, user: r.user, secret }, d.bundle.objects);
        result.remote = { name: d.targets.remote, status: status.id, added: status.success_count, failed: status.failure_count };
        ok &&= Number(status.failure_count ?? 0) === 0;
      } catch (err) {
        result.remote = { name: d.targets.remote, error: (err as Error).message.slice(0, 500) };
        ok = false;
      }
    }
    this.drafts.decide(id, ['approved'], ok ? 'published' : 'failed', actor, { result });
    const after = this.get(id);
    this.audit(actor, ok ? 'intel_share_publish' : 'intel_share_failed', after, { result });
    return after;
  }

  /** Reject (or, by the proposer, withdraw) a draft that is not yet published. */
  reject(id: string, actor: string, reason: string): ShareDraftRecord {
    const d = this.get(id);
    if (!this.drafts.decide(id, ['proposed', 'failed'], 'rejected', actor, { reason })) throw new WardError('conflict', `draft ${id} is ${d.state}; only a proposed or failed draft can be rejected`, 'id');
    const after = this.get(id);
    this.audit(actor, 'intel_share_reject', after, { reason });
    return after;
  }

  /** Structure always; the official schemas when loaded. Problems refuse the draft. */
  private validate(bundle: unknown): void {
    const problems = [...checkStructure(bundle, { closed: true }), ...(this.deps.validator?.validateBundle(bundle) ?? [])];
    if (problems.length) throw new WardError('request.invalid', `the draft is not valid STIX 2.1: ${problems.slice(0, 5).map((p) => `${p.object} ${p.path}: ${p.message}`).join('; ')}`, 'bundle');
  }

  private audit(actor: string, action: string, d: Pick<ShareDraftRecord, 'id' | 'incidentId'>, detail: Record<string, unknown>): void {
    this.deps.store.audit({ time: new Date(this.now()).toISOString(), actor, action, target: `intel-share:${d.id}`, detail: { incident: d.incidentId, ...detail } });
  }
}

function countBy(xs: readonly string[]): Record<string, number> {
  const o: Record<string, number> = {};
  for (const x of xs) o[x] = (o[x] ?? 0) + 1;
  return o;
}
