import type { MarkingDefinition } from './types.js';

/** The TLP 2.0 marking extension (OASIS cti-stix-common-objects, extension-definition for TLP 2.0). */
export const TLP2_EXTENSION_ID = 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d';

/** TLP 2.0 levels, least to most restrictive. */
export const TLP_LEVELS = ['clear', 'green', 'amber', 'amber+strict', 'red'] as const;
export type TlpLevel = (typeof TLP_LEVELS)[number];

/** The published ids of the TLP 2.0 marking definitions (the same in STIX and CACAO). */
const TLP2_IDS: Record<TlpLevel, string> = {
  clear: 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
  green: 'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
  amber: 'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421',
  'amber+strict': 'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003',
  red: 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1',
};
/** TLP 1.0 ids predefined in STIX 2.1 section 7.2.1.4 (still common in feeds). */
const TLP1_IDS: Record<string, TlpLevel> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'clear', // TLP:WHITE
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
};

/**
 * The TLP 2.0 marking-definition object of a level, as published (put it in bundles you share
 * and reference its id from `object_marking_refs`).
 *
 * @example tlpMarking('amber').id // 'marking-definition--55d920b0-…'
 */
export function tlpMarking(level: TlpLevel): MarkingDefinition {
  return {
    type: 'marking-definition',
    spec_version: '2.1',
    id: TLP2_IDS[level],
    created: '2022-10-01T00:00:00.000Z',
    name: `TLP:${level.toUpperCase()}`,
    extensions: { [TLP2_EXTENSION_ID]: { extension_type: 'property-extension', tlp_2_0: level } },
  };
}

/** The TLP level a marking-definition id stands for (TLP 2.0 or 1.0), if it is a TLP marking. */
export function tlpOf(markingId: string): TlpLevel | undefined {
  for (const [lvl, id] of Object.entries(TLP2_IDS)) if (id === markingId) return lvl as TlpLevel;
  return TLP1_IDS[markingId];
}

/** The most restrictive TLP among an object's marking refs (`undefined` when unmarked). */
export function strictestTlp(refs: readonly string[] | undefined): TlpLevel | undefined {
  let best = -1;
  for (const r of refs ?? []) {
    const l = tlpOf(r);
    if (l) best = Math.max(best, TLP_LEVELS.indexOf(l));
  }
  return best < 0 ? undefined : TLP_LEVELS[best];
}
