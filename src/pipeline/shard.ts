import type { Detector, DetectorDef } from '../core/components.js';
import type { Roster, RosterEntry } from '../detect/identity/index.js';
import type { AlertDraft } from '../core/alert.js';
import type { WardEvent } from '../core/event.js';
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import type { ContextLookup, ExplanationTemplate } from '../core/context.js';
import { ContextStore, SqliteStore } from '../store/sqlite/index.js';
import { EhrTemplateRepo } from '../store/sqlite/ehr-templates.js';
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
    this.detectors = buildDetectors(specs, dataDir);
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

/**
 * The mined EHR explanation templates not retired, read from the store (read-only, one connection
 * per thread, opened on first use; none until the store has the table).
 */
export function ehrTemplatesFor(dataDir: string): () => ExplanationTemplate[] {
  let db: Database.Database | undefined;
  let cache: { version: number; list: ExplanationTemplate[] } | undefined;
  return () => {
    const file = SqliteStore.file(dataDir);
    if (!db) {
      if (!existsSync(file)) return [];
      db = new Database(file, { readonly: true, fileMustExist: true });
      db.pragma('busy_timeout = 10000');
    }
    // Re-read only when another connection wrote to the database since.
    const version = db.pragma('data_version', { simple: true }) as number;
    if (cache?.version === version) return cache.list;
    try {
      cache = { version, list: new EhrTemplateRepo(db).active() };
    } catch {
      cache = { version, list: [] }; // a store from before the ehr_templates migration
    }
    return cache.list;
  };
}

const DAY_NUMBER: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/**
 * The staff roster the identity detectors consult, read from the clinical context (FHIR
 * PractitionerRole shifts and periods, HR feeds): role, department, shifts and end of employment.
 */
export function rosterFrom(context: () => ContextLookup): Roster {
  return {
    get(user: string): RosterEntry | undefined {
      const s = context().staffByLogin(user);
      if (!s) return undefined;
      const e: RosterEntry = { user };
      if (s.role) e.role = s.role;
      if (s.department) e.department = s.department;
      const shifts = s.shifts.filter((x) => x.start && x.end).map((x) => ({
        start: x.start!.slice(0, 5), end: x.end!.slice(0, 5),
        days: x.days.map((d) => DAY_NUMBER[d.toLowerCase().slice(0, 3)]).filter((d): d is number => d !== undefined),
      }));
      if (shifts.length) e.shifts = shifts;
      if (s.active?.to) e.terminatedAt = Date.parse(s.active.to);
      return e;
    },
  };
}

/** Build every configured detector with the shared context (clinical context and roster). */
export function buildDetectors(specs: ComponentSpec[], dataDir: string): Detector[] {
  const clinicalContext = clinicalContextFor(dataDir);
  const roster = rosterFrom(clinicalContext);
  const ehrTemplates = ehrTemplatesFor(dataDir);
  return specs.map((s) => registry.get(s.type).build(s.config, { dataDir, name: s.name, clinicalContext, roster, ehrTemplates } as Parameters<DetectorDef['build']>[1]));
}
