import { z } from 'zod';
import type { EnricherDef } from '../../core/components.js';
import { getField, setField } from '../../core/event.js';

const config = z.strictObject({
  /** Dotted ECS path → value, e.g. `observer.name: st-marys-icu`. */
  set: z.record(z.string().regex(/^[A-Za-z@_][\w@]*(\.[\w@]+)*$/, 'expected a dotted field path'), z.union([z.string(), z.number(), z.boolean()])),
  /** Keep a value the event already has (default) or overwrite it. */
  overwrite: z.boolean().default(false),
});
type Config = z.output<typeof config>;

/**
 * Static fields added to every event of a pipeline, e.g. which site or network segment it came
 * from, so a health system's several hospitals can share one Wardwatch.
 *
 * @example
 * enrichers:
 *   - type: fields
 *     set: { observer.name: st-marys, labels.site: icu }
 */
export const fieldsEnricher: EnricherDef<Config> = {
  type: 'fields',
  description: 'Add static fields (site, segment, owner) to every event.',
  config,
  build(cfg, ctx) {
    const entries = Object.entries(cfg.set);
    return {
      name: ctx.name,
      enrich(e) {
        let changed = false;
        for (const [path, value] of entries) {
          if (!cfg.overwrite && getField(e, path) !== undefined) continue;
          setField(e as Record<string, unknown>, path, value);
          changed = true;
        }
        return changed;
      },
    };
  },
};
