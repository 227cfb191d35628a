import type { Detector } from '../core/components.js';
import type { AlertDraft } from '../core/alert.js';
import type { WardEvent } from '../core/event.js';
import type { ContextLookup } from '../core/context.js';
import { ContextStore } from '../store/sqlite/index.js';
import { detectors as registry } from './builtins.js';
import type { ComponentSpec } from './config-loader.js';

/** One unit of detector work: which detector (index in the spec list), the entity key, the event's index in the batch. */
export type WorkItem = [detector: number, key: string, event: number];

/** An alert draft tagged with the index of the detector that raised it. */
export type ShardAlert = [detector: number, draft: AlertDraft];

/** Persisted state rows of a shard: detector name, entity key, state. */
export type StateRow = { detector: string; key: string; state: unknown };

/**
 * The detectors of one shard: the same code runs inside a worker thread or, with
 * `workers: 0`, on the main thread.
 */
export class Shard {
  readonly detectors: Detector[];

  constructor(readonly specs: ComponentSpec[], dataDir: string) {
    const clinicalContext = clinicalContextFor(dataDir);
    this.detectors = specs.map((s) => registry.get(s.type).build(s.config, { dataDir, name: s.name, clinicalContext }));
  }

  /** Run work items against the batch's events (objects, or JSON documents parsed here once each). */
  process(items: WorkItem[], events: WardEvent[] | string[]): ShardAlert[] {
    const out: ShardAlert[] = [];
    const parsed: Array<WardEvent | undefined> = [];
    for (const [d, key, i] of items) {
      let event = parsed[i];
      if (!event) {
        const raw = events[i]!;
        event = typeof raw === 'string' ? (JSON.parse(raw) as WardEvent) : raw;
        parsed[i] = event;
      }
      this.detectors[d]!.process(event, key, (draft) => out.push([d, draft]));
    }
    return out;
  }

  restore(rows: StateRow[]): void {
    const byName = new Map(this.specs.map((s, i) => [s.name, i]));
    for (const r of rows) {
      const i = byName.get(r.detector);
      if (i !== undefined) this.detectors[i]!.restore(r.key, r.state);
    }
  }

  snapshot(): StateRow[] {
    const rows: StateRow[] = [];
    this.detectors.forEach((d, i) => {
      for (const [key, state] of d.snapshot()) rows.push({ detector: this.specs[i]!.name, key, state });
    });
    return rows;
  }
}

/**
 * The clinical context (patients, staff, relationships) for detectors, opened read-only on first
 * use: one connection per thread, none at all when no detector asks.
 */
export function clinicalContextFor(dataDir: string): () => ContextLookup {
  let store: ContextStore | undefined;
  return () => {
    if (!store) {
      // Create the schema once with a writable handle, then read through a query-only one.
      ContextStore.open(dataDir).close();
      store = ContextStore.open(dataDir, { readonly: true });
    }
    return store;
  };
}
