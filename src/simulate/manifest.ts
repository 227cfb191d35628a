import type { FileEntry } from './output.js';
import type { ProfileName } from './world/profiles.js';
import type { SiteStyle } from './world/site-style.js';

/**
 * `manifest.json` of a simulated dataset: what was generated, from what, and how fast.
 *
 * @example
 * { "generator": "wardwatch-simulate/1", "profile": "clinic", "seed": "42", "days": 2, "start": "2026-01-05T00:00:00.000Z", … }
 */
export interface Manifest {
  generator: string;
  profile: ProfileName;
  seed: string;
  days: number;
  start: string;
  end: string;
  scenarios: string[];
  intensity: number;
  world: { staff: number; patients: number; syntheaPatients: number; workstations: number; servers: number; devices: number };
  /** Records per stream over the run. */
  counts: Record<string, number>;
  totalRecords: number;
  incidents: number;
  files: FileEntry[];
  /** FHIR context files (roster, patient index) to load before replaying, relative to the dataset. */
  context?: string[];
  /** Site settings per detector type that a deployment of this organisation would configure (e.g. `ehr.access.rolesExplained`). */
  site?: Record<string, Record<string, unknown>>;
  /** How the site was drawn for this seed (role names, work no care link records, FHIR shape): ground truth for analysis, never read by detectors. */
  style?: SiteStyle;
  /** Parser settings needed to read the files (parser name → settings), as in the `parsers:` config key. */
  parsers: Record<string, Record<string, unknown>>;
  generationSeconds: number;
  recordsPerSecond: number;
}

/** Generator id written to every manifest (bump when the layout changes). */
export const GENERATOR = 'wardwatch-simulate/1';
