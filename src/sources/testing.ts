import type { IngestResult, IngestSink, Parser, SourceTelemetry } from '../core/components.js';
import type { RawRecord } from '../core/record.js';

/**
 * A stand-in for the pipeline in source tests: parses with the one real parser it is given,
 * "stores" parsed records and dead letters in arrays, and can be told to fail or be slow.
 *
 * @example
 * const sink = new RecordingSink('hl7v2', parser); await sink.ingest([rec], parser); sink.stored.length // 1
 */
export class RecordingSink implements IngestSink {
  stored: RawRecord[] = [];
  dead: RawRecord[] = [];
  fail = false;
  delayMs = 0;

  constructor(private readonly name: string, readonly realParser: Parser) {}

  async ingest(records: RawRecord[], parser: Parser): Promise<IngestResult> {
    await new Promise((r) => setTimeout(r, this.delayMs));
    if (this.fail) throw new Error('disk full');
    let events = 0;
    let deadLetters = 0;
    for (const r of records) {
      try {
        events += parser.parse(r).length;
        this.stored.push(r);
      } catch {
        deadLetters++;
        this.dead.push(r);
      }
    }
    return { records: records.length, events, deadLetters };
  }

  parser(name: string): Parser {
    if (name !== this.name) throw new Error(`unknown parser ${name}`);
    return this.realParser;
  }

  admission() {
    return 'ok' as const;
  }

  async capacity() {}
}

/** Source telemetry that counts what it is told (`received`, `emitted`, `dropped:<reason>`, `error`). */
export const countingTelemetry = (): SourceTelemetry & { counts: Record<string, number> } => {
  const counts: Record<string, number> = {};
  const inc = (k: string, n = 1) => void (counts[k] = (counts[k] ?? 0) + n);
  return { counts, received: (n) => inc('received', n), emitted: (n) => inc('emitted', n), dropped: (r, n) => inc(`dropped:${r}`, n), error: (n) => inc('error', n) };
};
