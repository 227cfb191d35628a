import { z } from 'zod';

/** A component entry in the YAML config: a registered `type` and its own fields. */
export const componentEntry = z.looseObject({ type: z.string(), name: z.string().optional() });

const listen = z.string().regex(/^[^:]+:\d{1,5}$/, 'expected host:port, e.g. 127.0.0.1:5514');

/**
 * The top-level Wardwatch configuration (YAML). Component entries (`sources`, `detectors`)
 * are validated against their registered schemas by the pipeline's config loader.
 *
 * @example
 * api: { host: 127.0.0.1, port: 8080 }
 * detectors:
 *   - type: auth.bruteforce
 *     window: 5m
 *     threshold: 10
 */
export const configSchema = z.strictObject({
  dataDir: z.string().default('./data'),
  api: z
    .strictObject({
      enabled: z.boolean().default(true),
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8080),
      /** Largest accepted ingest body; larger ones get 413. */
      bodyLimitBytes: z.number().int().positive().default(16 * 1024 * 1024),
    })
    .prefault({}),
  store: z
    .strictObject({
      type: z.literal('sqlite').default('sqlite'),
      /** Events older than this are deleted (alerts are kept). */
      retentionDays: z.number().positive().default(30),
      /** `full` fsyncs every commit (survives power loss); `normal` survives a process crash. */
      synchronous: z.enum(['full', 'normal']).default('full'),
      /** Commit events on a dedicated thread (parsing and writing then overlap). */
      writerThread: z.boolean().default(true),
    })
    .prefault({}),
  pipeline: z
    .strictObject({
      /** Detector shard workers; 0 runs detectors on the main thread; `auto` = one per core. */
      workers: z.union([z.literal('auto'), z.number().int().min(0).max(64)]).default('auto'),
      /** Events buffered between the store and the detectors before back-pressure (429 / pause). */
      queueEvents: z.number().int().positive().default(50_000),
      /** Records per batch when reading files. */
      batchEvents: z.number().int().positive().default(5_000),
      /**
       * Deepest nesting accepted in a record (JSON objects/arrays, and any parsed event); deeper
       * records are dead-lettered as `parse.too_deep` before anything recursive touches them.
       */
      maxJsonDepth: z.number().int().min(8).max(1000).default(64),
      /** How often detector state is checkpointed. */
      checkpointEvery: z.string().default('30s'),
    })
    .prefault({}),
  sources: z.array(componentEntry).default([]),
  parsers: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  enrichers: z.array(componentEntry).default([]),
  detectors: z.array(componentEntry).default([]),
  sinks: z.array(componentEntry).default([]),
});

export type WardConfig = z.infer<typeof configSchema>;
export type ComponentEntry = z.infer<typeof componentEntry>;
export { listen as listenAddress };
