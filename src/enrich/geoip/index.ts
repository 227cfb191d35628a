import { createRequire } from 'node:module';
import { z } from 'zod';
import type { EnricherDef } from '../../core/components.js';
import type { Endpoint, WardEvent } from '../../core/event.js';

const require = createRequire(import.meta.url);

interface GeoLookup { lookup(ip: string): { country: string; name: string } | null }

let db: GeoLookup | undefined;
/** The offline country database (geoip-country: GeoLite2 data by MaxMind, CC BY-SA 4.0), loaded once. */
function geo(): GeoLookup {
  db ??= require('geoip-country') as GeoLookup;
  return db;
}

const config = z.strictObject({
  /** Endpoint field sets to enrich. */
  fields: z.array(z.enum(['source', 'destination', 'client', 'server'])).default(['source', 'destination']),
});
type Config = z.output<typeof config>;

/**
 * Offline IP → country for `source.geo` / `destination.geo` (`country_iso_code`, `country_name`).
 * Private and reserved addresses have no country and are left alone. Used by impossible-travel
 * and new-country detections; no network access.
 *
 * @example
 * // { source: { ip: '8.8.8.8' } } → { source: { ip: '8.8.8.8', geo: { country_iso_code: 'US', country_name: 'United States' } } }
 */
export const geoipEnricher: EnricherDef<Config> = {
  type: 'geoip',
  description: 'Country of source and destination IPs from an offline database (GeoLite2 via geoip-country).',
  config,
  build(cfg, ctx) {
    const lookup = geo();
    const cache = new Map<string, { country_iso_code: string; country_name: string } | null>();
    return {
      name: ctx.name,
      enrich(e: WardEvent): boolean {
        let changed = false;
        for (const f of cfg.fields) {
          const ep = e[f] as Endpoint | undefined;
          const ip = ep?.ip;
          if (!ep || !ip || ep.geo?.country_iso_code) continue;
          let hit = cache.get(ip);
          if (hit === undefined) {
            const r = lookup.lookup(ip);
            hit = r ? { country_iso_code: r.country, country_name: r.name } : null;
            if (cache.size > 100_000) cache.clear();
            cache.set(ip, hit);
          }
          if (hit) {
            ep.geo = { ...ep.geo, ...hit };
            changed = true;
          }
        }
        return changed;
      },
    };
  },
};
