import { mkdirSync } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { dirname, isAbsolute, join } from 'node:path';
import { z } from 'zod';
import type { SinkDef } from '../../core/components.js';

const config = z.strictObject({
  /** File to append to; relative paths are inside the data directory. */
  path: z.string().min(1).default('alerts.ndjson'),
});
type Config = z.output<typeof config>;

/**
 * Appends each alert as one JSON line, for log shippers and scripts (`tail -f data/alerts.ndjson | jq`).
 *
 * @example
 * sinks:
 *   - type: ndjson-file
 *     path: /var/log/wardwatch/alerts.ndjson
 */
export const ndjsonFileSink: SinkDef<Config> = {
  type: 'ndjson-file',
  description: 'Append alerts as JSON lines to a file.',
  config,
  build(cfg, ctx) {
    const path = isAbsolute(cfg.path) ? cfg.path : join(ctx.dataDir, cfg.path);
    mkdirSync(dirname(path), { recursive: true });
    let chain = Promise.resolve();
    return {
      write(alerts) {
        const text = alerts.map((a) => `${JSON.stringify(a)}\n`).join('');
        chain = chain.then(() => appendFile(path, text));
        return chain;
      },
      close: () => chain,
    };
  },
};
