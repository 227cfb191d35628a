import { z } from 'zod';
import { isTimeZone } from '../../ml/time.js';
import { duration, severity } from '../auth-abuse/config.js';
import { rosterEntry } from './roster.js';

export { duration, severity };

/** Settings most identity detectors share. */
export const common = {
  /** Most evidence event ids kept per alert. */
  maxEvidence: z.number().int().positive().max(1000).default(50),
};

/** IANA time zone the hour-of-week baselines and shifts are kept in (the hospital's local time). */
export const timeZone = z.string().default('UTC').refine(isTimeZone, { message: 'unknown IANA time zone (e.g. "Europe/London")' });

/** Attributes that form a peer group, in order: `role`, `department`, `unit`. */
export const peerBy = z.array(z.enum(['role', 'department', 'unit'])).min(1).default(['role']);

/** Roster entries given inline in the config (the runtime can also supply a roster; see roster.ts). */
export const roster = z.array(rosterEntry).default([]);

/** A list of regular expressions, compiled at load so a bad one fails with its key. */
export const patterns = (defaults: string[]) =>
  z.array(z.string().refine((s) => {
    try {
      new RegExp(s, 'i');
      return true;
    } catch {
      return false;
    }
  }, { message: 'not a valid regular expression' })).default(defaults);

/** Compile config patterns once (case-insensitive). */
export function compile(list: readonly string[]): RegExp[] {
  return list.map((s) => new RegExp(s, 'i'));
}
