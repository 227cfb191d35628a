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
 * fixtureLines('conn.log')[0] // '#separator \\x09'
 */
export function fixtureLines(name: string): string[] {
  const lines = readFileSync(path.join(FIXTURES, name), 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Feed lines to a parser as one source, as the runtime does: events, and the dead letters with reasons.
 *
 * @example
 * const { events, errors } = feed(parser, lines, 'file:conn.log');
 */
export function feed(parser: Parser, lines: string[], source = 'test'): { events: DraftEvent[]; errors: string[] } {
  const events: DraftEvent[] = [];
  const errors: string[] = [];
  lines.forEach((data, i) => {
    try {
      events.push(...parser.parse({ data, source, offset: i + 1, receivedAt: Date.UTC(2026, 0, 2) }).map(draft));
    } catch (err) {
      if (!(err instanceof ParseError)) throw err;
      errors.push(err.message);
    }
  });
  return { events, errors };
}
