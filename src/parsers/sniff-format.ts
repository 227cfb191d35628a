import type { ParserDef } from '../core/components.js';

/**
 * The name of the parser that best recognises a sample of lines (`--format auto`): the
 * highest non-zero `sniff` score wins, ties go to the earlier definition in `defs`
 * (registration order). `undefined` when nothing scores above zero.
 *
 * @example
 * sniffFormat([syslogParser, jsonParser], ['{"@timestamp":"2026-01-05T10:00:00Z"}']) // 'json'
 */
export function sniffFormat(defs: readonly ParserDef[], lines: string[]): string | undefined {
  let best: string | undefined;
  let bestScore = 0;
  for (const def of defs) {
    if (def.sniff === undefined) continue;
    const score = def.sniff(lines);
    if (score > bestScore) {
      best = def.name;
      bestScore = score;
    }
  }
  return best;
}
