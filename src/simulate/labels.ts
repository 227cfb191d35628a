import type { EntityRef } from '../core/alert.js';

/** A contiguous run of malicious lines in one file (1-based, inclusive). */
export interface LineRange {
  file: string;
  from: number;
  to: number;
}

/**
 * One line of `labels.jsonl`: an injected incident and exactly which records are malicious.
 *
 * @example
 * { "id": "inc-0001", "scenario": "bruteforce", "start": "2026-01-05T02:14:09.000Z", "end": "…",
 *   "entities": [{ "type": "user", "id": "root" }, { "type": "ip", "id": "203.0.113.7" }],
 *   "techniques": ["T1110.001"], "malicious": { "events": 40, "lines": [{ "file": "days/2026-01-05/auth.log", "from": 12, "to": 12 }], "files": [] } }
 */
export interface IncidentLabel {
  id: string;
  scenario: string;
  variant?: string;
  intensity: number;
  start: string;
  end: string;
  entities: EntityRef[];
  techniques: string[];
  description: string;
  malicious: { events: number; lines: LineRange[]; files: string[] };
}

/**
 * An incident while it is being generated: scenarios tag the records they emit with it, and
 * the writer records where each tagged record lands.
 */
export class Incident {
  readonly entities: EntityRef[] = [];
  readonly lines: LineRange[] = [];
  readonly files: string[] = [];
  events = 0;
  first = Infinity;
  last = -Infinity;

  constructor(
    readonly id: string,
    readonly scenario: string,
    readonly techniques: string[],
    readonly description: string,
    readonly intensity: number,
    readonly variant?: string,
  ) {}

  /** Add an entity once. */
  entity(type: EntityRef['type'], id: string): this {
    if (!this.entities.some((e) => e.type === type && e.id === id)) this.entities.push({ type, id });
    return this;
  }

  /** Record that a tagged record landed at `file:line` at time `t`. */
  landed(file: string, line: number, t: number): void {
    this.events++;
    if (t < this.first) this.first = t;
    if (t > this.last) this.last = t;
    const last = this.lines[this.lines.length - 1];
    if (last && last.file === file && last.to === line - 1) last.to = line;
    else this.lines.push({ file, from: line, to: line });
  }

  /** Record that a whole file (an .eml) is malicious. */
  landedFile(file: string, t: number): void {
    this.events++;
    if (t < this.first) this.first = t;
    if (t > this.last) this.last = t;
    this.files.push(file);
  }

  toLabel(): IncidentLabel {
    const l: IncidentLabel = {
      id: this.id, scenario: this.scenario, intensity: this.intensity,
      start: new Date(Number.isFinite(this.first) ? this.first : 0).toISOString(),
      end: new Date(Number.isFinite(this.last) ? this.last : 0).toISOString(),
      entities: this.entities, techniques: this.techniques, description: this.description,
      malicious: { events: this.events, lines: this.lines, files: this.files },
    };
    if (this.variant !== undefined) l.variant = this.variant;
    return l;
  }
}
