import type { IngestSink, Parser, SourceTelemetry } from '../core/components.js';
import { errorMessage } from '../core/errors.js';
import type { RawRecord } from '../core/record.js';

/**
 * Collects records from a stream-like source and hands them to the pipeline in batches
 * (by count or after a short linger), so a busy listener makes one transaction per batch
 * rather than one per message.
 *
 * @example
 * const b = new Batcher(sink, parser, tele, { maxRecords: 1000, lingerMs: 20 });
 * b.push(record); await b.flush();
 */
export class Batcher {
  private buf: RawRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly sink: IngestSink,
    private readonly parser: Parser,
    private readonly tele: SourceTelemetry,
    private readonly opts: { maxRecords: number; lingerMs: number; log?: (msg: string) => void },
  ) {}

  get buffered(): number {
    return this.buf.length;
  }

  /** Add a record; returns the pending write when the batch was flushed by size (await it to apply back-pressure). */
  push(rec: RawRecord): Promise<void> | undefined {
    this.buf.push(rec);
    if (this.buf.length >= this.opts.maxRecords) return this.flush();
    this.timer ??= setTimeout(() => void this.flush(), this.opts.lingerMs);
    return undefined;
  }

  /** Write what is buffered; writes happen one after another, in order. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.buf.length === 0) return this.chain;
    const batch = this.buf;
    this.buf = [];
    this.chain = this.chain.then(async () => {
      try {
        const r = await this.sink.ingest(batch, this.parser);
        this.tele.emitted(r.records);
      } catch (err) {
        this.tele.error();
        this.tele.dropped('store_failed', batch.length);
        this.opts.log?.(`lost ${batch.length} records: ${errorMessage(err)}`);
      }
    });
    return this.chain;
  }
}
