import type { ContextLookup, ExplanationTemplate } from '../core/context.js';
import type { WardEvent } from '../core/event.js';
import { mineTemplates, type MineOptions, type ScoredCandidate } from '../ml/explanations/mine.js';
import { accessFromEvent, kindsOf, type Access } from '../ml/explanations/templates.js';
import type { ContextStore, SqliteStore } from '../store/sqlite/index.js';
import { EhrTemplateRepo } from '../store/sqlite/ehr-templates.js';

const DAY = 86_400_000;

/** What a mining run did. */
export interface MiningRun {
  from: string;
  to: string;
  accesses: number;
  groups: number;
  templates: ExplanationTemplate[];
  scored: ScoredCandidate[];
  stored: { added: number; updated: number; retired: number };
  seconds: number;
}

/**
 * The workforce EHR accesses stored in the last `days` days before `now` (newest event time when
 * not given), in time order.
 */
export function storedAccesses(store: SqliteStore, ctx: ContextLookup, days: number, now?: number): Access[] {
  const end = now ?? (store.db.prepare('SELECT MAX(ts) FROM events').pluck().get() as number | null) ?? Date.now();
  const out: Access[] = [];
  for (const doc of store.db.prepare('SELECT doc FROM events WHERE ts >= ? AND ts <= ? ORDER BY ts').pluck().iterate(end - days * DAY, end) as IterableIterator<string>) {
    if (!doc.includes('"ehr"')) continue; // most events are not EHR accesses; skip parsing them
    const a = accessFromEvent(ctx, JSON.parse(doc) as WardEvent);
    if (a) out.push(a);
  }
  return out;
}

/**
 * Mine explanation templates from the store's recent EHR accesses and the clinical context, and
 * store them (new ones proposed, known ones re-scored as a new version, vanished proposed ones
 * retired; a person's approvals and retirements stand). Run it daily as the log grows.
 *
 * @example
 * const run = mineStoredTemplates(store, ctx, { days: 30 }); run.stored.added
 */
export function mineStoredTemplates(store: SqliteStore, ctx: ContextStore, o: { days?: number; now?: number; by?: string; options?: Partial<MineOptions> } = {}): MiningRun {
  const started = process.hrtime.bigint();
  const days = o.days ?? 30;
  const log = storedAccesses(store, ctx, days, o.now);
  const { templates, scored } = mineTemplates(log, (p) => ctx.relationships(p), kindsOf(log, ctx), { ...o.options, population: ctx.patientIds() });
  const repo = new EhrTemplateRepo(store.db);
  const stored = repo.upsertMined(templates, o.by ?? 'miner');
  const byKey = new Map(repo.list().map((t) => [`${t.group}\u0000${t.key}`, t]));
  return {
    from: new Date(log[0]?.t ?? 0).toISOString(), to: new Date(log.at(-1)?.t ?? 0).toISOString(),
    accesses: log.length, groups: new Set(scored.map((s) => s.group)).size,
    templates: templates.map((t) => byKey.get(`${t.group}\u0000${t.key}`) ?? t), scored, stored,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}
