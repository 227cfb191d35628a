import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Parser } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import { draft, type DraftEvent } from '../common/draft-event.js';

const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/**
 * Lines of a fixture file in this folder (test support).
 *
 * @example
 * fixtureLinesOf('netfilter.log').length // 6
 */
export function fixtureLinesOf(name: string): string[] {
  return readFileSync(path.join(FIXTURES, name), 'utf8').split('\n').filter((l) => l.length > 0);
}

/**
 * Parse lines as one source at a reference time: events and dead-letter reasons (test support).
 *
 * @example
 * const { events, errors } = feed(parser, lines, Date.UTC(2026, 0, 6));
 */
export function feed(parser: Parser, lines: string[], ref: number): { events: DraftEvent[]; errors: string[] } {
  const events: DraftEvent[] = [];
  const errors: string[] = [];
  lines.forEach((data, i) => {
    try {
      events.push(...parser.parse({ data, source: 'test', offset: i + 1, receivedAt: ref, referenceTime: ref }).map(draft));
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      errors.push(err.message);
    }
  });
  return { events, errors };
}
