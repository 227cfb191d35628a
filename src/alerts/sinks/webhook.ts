import { z } from 'zod';
import type { SinkDef } from '../../core/components.js';

const config = z.strictObject({
  url: z.url(),
  /** Extra headers, e.g. an Authorization for the receiver. */
  headers: z.record(z.string(), z.string()).default({}),
  /** Attempts per batch before giving up (with exponential back-off). */
  attempts: z.number().int().min(1).max(20).default(5),
  timeoutMs: z.number().int().positive().default(10_000),
});
type Config = z.output<typeof config>;

/**
 * POSTs alerts as a JSON array to a URL (a chat bridge, a SOAR, a ticketing system), retrying
 * with back-off on network errors and 5xx/429 answers.
 *
 * @example
 * sinks:
 *   - type: webhook
 *     url: https://soar.example.org/hooks/wardwatch
 *     headers: { Authorization: "Bearer …" }
 */
export const webhookSink: SinkDef<Config> = {
  type: 'webhook',
  description: 'POST alerts as JSON to a URL, with retries.',
  config,
  build(cfg, ctx) {
    let chain = Promise.resolve();
    const send = async (body: string): Promise<void> => {
      let last = '';
      for (let attempt = 1; attempt <= cfg.attempts; attempt++) {
        try {
          const res = await fetch(cfg.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...cfg.headers },
            body,
            signal: AbortSignal.timeout(cfg.timeoutMs),
          });
          await res.arrayBuffer();
          if (res.ok) return;
          last = `HTTP ${res.status}`;
          if (res.status < 500 && res.status !== 429) break; // the receiver refuses: retrying will not help
        } catch (err) {
          last = (err as Error).message;
        }
        if (attempt < cfg.attempts) await new Promise((r) => setTimeout(r, Math.min(30_000, 250 * 2 ** (attempt - 1))));
      }
      throw new Error(`webhook ${ctx.name} (${new URL(cfg.url).host}) failed: ${last}`);
    };
    return {
      write(alerts) {
        const body = JSON.stringify(alerts);
        const p = chain.then(() => send(body));
        chain = p.catch(() => {});
        return p;
      },
      close: () => chain,
    };
  },
};
