import type { Detector } from '../core/components.js';
import type { AlertDraft } from '../core/alert.js';
import type { WardEvent } from '../core/event.js';
import { detectors as registry } from './builtins.js';
import type { ComponentSpec } from './config-loader.js';

/** One unit of detector work: which detector (index in the spec list), the entity key, the event. */
export type WorkItem = [detector: number, key: string, event: WardEvent];

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
    this.detectors = specs.map((s) => registry.get(s.type).build(s.config, { dataDir, name: s.name }));
  }

  process(items: WorkItem[]): ShardAlert[] {
    const out: ShardAlert[] = [];
    for (const [d, key, event] of items) {
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
