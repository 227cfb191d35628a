import { errorMessage } from '../core/errors.js';
import { sealerFor } from '../enrich/pseudonymise/index.js';
import { headText, walk } from '../sources/file/index.js';
import { loadContextFiles } from './context-load.js';
import type { Runtime } from './runtime.js';

/** FHIR resource types that are clinical context (who the patients and staff are, and who treats whom). */
export const CONTEXT_TYPES: ReadonlySet<string> = new Set([
  'Patient', 'Practitioner', 'PractitionerRole', 'Encounter', 'Organization', 'Appointment', 'CareTeam', 'ServiceRequest', 'Person',
]);

/** How far into a file the resource types are looked for (NDJSON bulk exports hold one type per file). */
const SNIFF_CHARS = 256 * 1024;

/**
 * FHIR resource types named in a document's text, JSON (`"resourceType": "Patient"`) or XML
 * (`<Patient xmlns="http://hl7.org/fhir">`), Bundles left out (their entries count).
 *
 * @example
 * fhirResourceTypes('{"resourceType":"Bundle","entry":[{"resource":{"resourceType":"Patient"}}]}') // Set { 'Patient' }
 */
export function fhirResourceTypes(text: string): Set<string> {
  const out = new Set<string>();
  for (const m of text.matchAll(/"resourceType"\s*:\s*"([A-Za-z]+)"/g)) out.add(m[1]!);
  for (const m of text.matchAll(/<([A-Z][A-Za-z]+)\s+xmlns\s*=\s*"http:\/\/hl7\.org\/fhir"/g)) out.add(m[1]!);
  out.delete('Bundle');
  return out;
}

/** The files of an export split by where they go: context only, events only, or both (a mixed Bundle). */
export interface FhirExportSplit {
  /** Only context resources: loaded into the context store. */
  context: string[];
  /** Everything else (AuditEvents and any non-FHIR log): the event path. */
  events: string[];
  /** Context resources and AuditEvents together: the context loader reads the one, the event parser the other. */
  both: string[];
}

/**
 * Sort the files under `paths` by what they hold, so a FHIR export folder (Patient.ndjson,
 * PractitionerRole.ndjson, Encounter.ndjson, AuditEvent.ndjson …) is ingested in one step.
 * A file whose first 256 KiB name no FHIR resource goes to the event path unchanged.
 *
 * @example
 * const s = await splitFhirExport(['export/']); s.context // ['export/Patient.ndjson', …]
 */
export async function splitFhirExport(paths: string[]): Promise<FhirExportSplit> {
  const out: FhirExportSplit = { context: [], events: [], both: [] };
  for (const f of await walk(paths)) {
    let types: Set<string>;
    try {
      types = fhirResourceTypes(await headText(f.path, SNIFF_CHARS));
    } catch {
      // Unreadable here is unreadable there too: the event path reports it and keeps the dead letter.
      out.events.push(f.path);
      continue;
    }
    const ctx = [...types].some((t) => CONTEXT_TYPES.has(t));
    const other = [...types].some((t) => !CONTEXT_TYPES.has(t));
    if (ctx && other) out.both.push(f.path);
    else if (ctx) out.context.push(f.path);
    else out.events.push(f.path);
  }
  return out;
}

/** What loading an export's context files did. */
export interface ContextLoadSummary {
  files: number;
  patients: number;
  staff: number;
  relationships: number;
  skipped: number;
  /** Context files that could not be read: each kept as a file-level dead letter, the others still loaded. */
  failed: Array<{ path: string; reason: string }>;
}

/**
 * Load the context files of a split into the store (the `wardwatch context load` path), before
 * any event is ingested so the detectors see the roster and relationships from the first event.
 *
 * @example
 * await loadExportContext(rt, split)
 */
export async function loadExportContext(rt: Runtime, split: FhirExportSplit): Promise<ContextLoadSummary | undefined> {
  const files = [...split.context, ...split.both];
  if (files.length === 0) return undefined;
  const failed: ContextLoadSummary['failed'] = [];
  const r = await loadContextFiles(rt.context, rt.dataDir, files, async (path, err) => {
    const reason = errorMessage(err).replace(`${path}: `, '');
    failed.push({ path, reason });
    let prefix = '';
    try {
      prefix = await headText(path, 4096);
    } catch {
      // Unreadable: the reason says so; there are no bytes to keep.
    }
    // Sealed like every dead letter: a patient resource's bytes are PHI.
    await rt.ingestor.write([], [], [{
      source: `file:${path}`, receivedAt: Date.now(), parser: 'fhir-context', reason: `file failed: ${reason}`,
      data: prefix.length > 0 ? (sealerFor(rt.dataDir).seal(prefix) as string) : '',
    }]);
  });
  return { ...r, failed };
}
