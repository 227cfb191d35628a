import { z } from 'zod';
import type { EntityRef, Severity } from '../../core/alert.js';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { explain } from '../../core/explain.js';
import { IntelStore } from '../../intel/store/intel-store.js';
import { alertId } from '../alert-id.js';
import { KeyedDetector } from '../keyed-detector.js';
import { hitSentence } from './describe.js';
import { IntelMatcher, type IntelHit, type RawHit } from './matcher.js';

const config = z.strictObject({
  /** How often (seconds) each thread checks whether an import changed the intel store. */
  refreshSeconds: z.number().int().positive().default(60),
  /** One alert per listed value per this many minutes of event time; hits in between are counted as sightings. */
  realertMinutes: z.number().int().positive().default(60),
  /** Ignore indicators below this confidence (0..100). */
  minConfidence: z.number().int().min(0).max(100).default(0),
  /** Record automatic sightings in the intel store. */
  sightings: z.boolean().default(true),
  maxEvidence: z.number().int().positive().max(1000).default(50),
});
type Config = z.output<typeof config>;

interface State {
  /** Event time of the last alert for this value. */
  alerted: number;
  last: number;
  count: number;
}

/**
 * Threat-intel matching at ingest: every event's addresses, domains, URLs, file hashes and
 * mail senders are looked up in the indicators imported with `wardwatch intel import`
 * (`DATA_DIR/intel.db`). Each thread builds its own lookup sets from the store (read-only) and
 * rebuilds them when an import bumps the store's version. The router thread answers `accepts`
 * with the full lookup, so only events that hit reach a shard; there the hit is explained,
 * counted as a sighting and alerted once per value per `realertMinutes`.
 */
export class IntelMatchDetector extends KeyedDetector<State> {
  private matcher: IntelMatcher | undefined;
  private version = -1;
  private checkedAt = 0;
  private reader: IntelStore | undefined;
  private writer: IntelStore | undefined;
  private last: { e: WardEvent; hits: RawHit[] } | undefined;

  constructor(private readonly cfg: Config, private readonly rule: string, private readonly dataDir: string, private readonly now: () => number = Date.now) {
    super(cfg.realertMinutes * 60_000 * 2);
  }

  /** The current lookup sets, rebuilt when the store's version moved (checked every `refreshSeconds`). */
  sets(): IntelMatcher | undefined {
    const t = this.now();
    if (this.matcher && t - this.checkedAt < this.cfg.refreshSeconds * 1000) return this.matcher;
    this.checkedAt = t;
    if (!this.reader) {
      if (!IntelStore.exists(this.dataDir)) return this.matcher;
      this.reader = IntelStore.open(this.dataDir, { readonly: true });
    }
    const v = this.reader.version();
    if (v !== this.version || !this.matcher) {
      this.matcher = IntelMatcher.build(this.reader.keys(t, this.cfg.minConfidence));
      this.version = v;
    }
    return this.matcher;
  }

  private hits(e: WardEvent): RawHit[] {
    if (this.last?.e === e) return this.last.hits;
    const hits = this.sets()?.match(e) ?? [];
    this.last = { e, hits };
    return hits;
  }

  accepts(e: WardEvent): boolean {
    return this.hits(e).length > 0;
  }

  /** The listed values the event hit (usually one): the state and the re-alert window are per combination. */
  key(e: WardEvent): string | undefined {
    const hits = this.hits(e);
    if (!hits.length) return undefined;
    return hits.length === 1 ? hits[0]!.listed : [...new Set(hits.map((h) => h.listed))].sort().join(' ');
  }

  protected fresh(): State {
    return { alerted: -Infinity, last: 0, count: 0 };
  }

  protected step(s: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    const raw = this.hits(e);
    if (!raw.length) return;
    // Rows are read on a hit only: the sets hold row numbers, not explanations.
    const hits: IntelHit[] = raw.map(({ seqs, ...h }) => ({ ...h, indicators: this.reader?.bySeq(seqs) ?? [] })).filter((h) => h.indicators.length);
    if (!hits.length) return;
    s.count++;
    s.last = t;
    if (this.cfg.sightings) this.recordSightings(hits, t, e.event.id);
    if (t - s.alerted < this.cfg.realertMinutes * 60_000) return;
    s.alerted = t;
    const inds = hits.flatMap((h) => h.indicators);
    const best = Math.max(...inds.map((i) => i.confidence ?? 50));
    const severity: Severity = best >= 80 ? 'high' : best >= 50 ? 'medium' : 'low';
    const entities: EntityRef[] = [];
    for (const h of hits) entities.push({ type: h.field.endsWith('.ip') ? 'ip' : h.field.startsWith('email') ? 'email' : 'host', id: h.observed });
    if (e.user?.name) entities.push({ type: 'user', id: e.user.name });
    if (e.host?.name) entities.push({ type: 'host', id: e.host.name });
    const techniques = [...new Set(inds.flatMap((i) => i.techniques ?? []))];
    emit({
      id: alertId(this.rule, key, e.event.id),
      time: e['@timestamp'],
      title: `Known-bad ${kindWord(hits[0]!)} ${key} seen (threat intel)`,
      severity,
      entities,
      ...(techniques.length ? { techniques } : {}),
      explanation: explain(
        `${hits.map(hitSentence).join('. ')}.`,
        inds.map((i) => ({
          feature: `intel.${i.kind}`,
          label: `listed in ${i.source}${i.name ? ` (${i.name})` : ''}`,
          observed: i.value,
          ...(i.confidence !== undefined ? { baseline: { kind: 'threshold' as const, value: i.confidence, description: `source confidence ${i.confidence}/100` } } : {}),
        })),
        [e.event.id],
        1,
        this.cfg.maxEvidence,
      ),
      firstSeen: e['@timestamp'],
      lastSeen: e['@timestamp'],
    });
  }

  private recordSightings(hits: IntelHit[], t: number, eventId: string): void {
    try {
      this.writer ??= IntelStore.open(this.dataDir);
      for (const h of hits) for (const i of h.indicators) this.writer.recordSighting(i.seq, h.observed, h.field, t, eventId);
    } catch {
      // A locked or missing intel db must not stop detection: the alert still carries the hit.
    }
  }

  protected lastSeen(s: State): number {
    return s.last;
  }
  protected encode(s: State): unknown {
    return s;
  }
  protected decode(raw: unknown): State {
    return raw as State;
  }
}

function kindWord(h: IntelHit): string {
  const k = h.indicators[0]?.kind;
  return k === 'ip' || k === 'cidr' ? 'address' : k === 'hash' ? 'file' : k === 'email' ? 'sender' : k === 'url' ? 'URL' : 'domain';
}

/** Registration: `type: intel.match` in the detectors section of the config. */
export const intelMatchDetector: DetectorDef<Config> = {
  type: 'intel.match',
  description: 'Addresses, domains, URLs, file hashes and mail senders of every event checked against imported threat intel (STIX, MISP, CSV, blocklists).',
  config,
  build: (cfg, ctx) => new IntelMatchDetector(cfg, ctx.name, ctx.dataDir),
};
