import type { Incident } from './labels.js';
import type { Rng } from './rng.js';
import type { StreamId } from './streams.js';
import type { Staff, World } from './world/types.js';

export const HOUR = 3_600_000;
export const MIN = 60_000;
export const DAY = 86_400_000;

/** Hand a record to the day it belongs to (records past midnight are carried to the next day). */
export type Emit = (stream: StreamId, t: number, line: string, inc?: Incident) => void;

/** What an activity or a scenario sees while it generates one day. */
export interface DayCtx {
  world: World;
  /** Day index from 0. */
  day: number;
  /** Epoch ms of this day's midnight (UTC). */
  t0: number;
  /** Day of week, 0 = Monday. */
  dow: number;
  /** The last two days of a calendar month (billing bulk work). */
  monthEnd: boolean;
  rng: Rng;
  emit: Emit;
  state: SimState;
  /** Unique ids for Zeek uids, FHIR ids, HL7 control ids. */
  ids: IdSource;
  /** Mail drawn from the shared corpora. */
  corpus: MailCorpus;
}

/** Messages loaded once from the shared corpora (empty lists fall back to generated notes). */
export interface MailCorpus {
  ham: string[];
  phish: string[];
}

/** An inpatient stay, outpatient visit or ED visit: the treatment relationship. */
export interface Encounter {
  id: string;
  patient: string;
  kind: 'I' | 'O' | 'E';
  unit: string;
  department: string;
  /** Attending physician's user name. */
  attending: string;
  /** Sections performing orders for this visit (`Laboratory`, `Pharmacy`, `Radiology`) and when each order was placed. */
  orders: Array<{ dept: string; t: number }>;
  /** The registration clerk who registered or admitted the visit. */
  registeredBy?: string;
  start: number;
  end: number;
}

/** State that lives across days: the inpatient census, discharged stays awaiting billing/coding. */
export interface SimState {
  inpatients: Encounter[];
  discharged: Encounter[];
  today: Encounter[];
  visitSeq: number;
}

/** Deterministic id sequences. */
export class IdSource {
  private n = 0;
  private readonly alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

  constructor(private readonly rng: Rng) {}

  /** A Zeek connection uid (`C` + 17 characters). */
  uid(): string {
    let s = 'C';
    for (let i = 0; i < 17; i++) s += this.alphabet[Math.floor(this.rng.next() * 62)];
    return s;
  }

  /** A sequence number, unique in the run. */
  seq(): number {
    return ++this.n;
  }
}

/** Shift hours (UTC): start hour and length. */
const SHIFTS = { day: [7, 12], night: [19, 12], evening: [15, 8], office: [8, 9] } as const;

/**
 * When a staff member works on a day: `[start, end)` in epoch ms, or undefined when off.
 * Twelve-hour shifts follow a 3-in-7 rota; office staff work weekdays; residents rotate department
 * every four weeks; the terminated do not work; agency staff start mid-run.
 *
 * @example
 * shiftOf(staff, 0, Date.UTC(2026, 0, 5), 0) // [t0 + 8h, t0 + 17h] for an office worker on a Monday
 */
export function shiftOf(s: Staff, day: number, t0: number, dow: number): [number, number] | undefined {
  if (s.terminatedDay !== undefined && day >= s.terminatedDay) return undefined;
  if (s.startDay !== undefined && day < s.startDay) return undefined;
  const slot = (day + s.rota) % 7;
  let works: boolean;
  if (s.shift === 'office') works = s.kind === 'resident' ? dow !== 6 : dow < 5 && slot !== 6;
  else if (s.shift === 'evening') works = slot < 5;
  else works = slot === 0 || slot === 2 || slot === 4;
  if (!works) return undefined;
  const [h, len] = SHIFTS[s.shift];
  // The last night before leaving ends at midnight, when the employment does.
  const leaves = s.terminatedDay === undefined ? Infinity : t0 + (s.terminatedDay - day) * DAY;
  return [t0 + h * HOUR, Math.min(t0 + (h + len) * HOUR, leaves)];
}

/** The department a resident is in on a day (four-week rotations). */
export function departmentOn(s: Staff, day: number): string {
  if (!s.rotations || s.rotations.length === 0) return s.department;
  return s.rotations[Math.floor(day / 28) % s.rotations.length] ?? s.department;
}

/** Public IPv4 ranges by country, used for homes, travel and attackers (checked against the geo-IP data). */
export const COUNTRY_NETS: Record<string, [number, number, number]> = {
  US: [73, 0, 255], DE: [84, 150, 160], GB: [86, 140, 150], FR: [90, 0, 100], ES: [88, 5, 15], RU: [95, 24, 31],
  CN: [123, 112, 127], NG: [105, 112, 127], BR: [177, 10, 20], VN: [113, 160, 170], CO: [181, 60, 62],
};

/**
 * A public address in a country (deterministic for the rng).
 *
 * @example
 * publicIp(rng, 'DE') // '84.15x.…'
 */
export function publicIp(rng: Rng, country: string): string {
  const [a, lo, hi] = COUNTRY_NETS[country] ?? COUNTRY_NETS.US!;
  return `${a}.${rng.int(lo, hi)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}

/** A stable home address in the US for a staff member (their VPN source). */
export function homeIp(s: Staff): string {
  let h = 0;
  for (const c of s.id) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `73.${(h >>> 8) & 255}.${(h >>> 16) & 255}.${(h % 250) + 2}`;
}
