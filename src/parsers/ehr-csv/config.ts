import { z } from 'zod';
import { identifierMappingConfig } from '../../enrich/pseudonymise/index.js';
import { timezoneConfig } from '../fhir-audit/config.js';
import { isValidTimeFormat } from './time-format.js';

/**
 * Header names of the export's columns, by meaning. `user`, `time` and `patient` are required.
 *
 * @example
 * columnsConfig.parse({ user: 'User ID', time: 'Access Time', patient: 'MRN' })
 */
export const columnsConfig = z.strictObject({
  user: z.string().min(1),
  time: z.string().min(1),
  patient: z.string().min(1),
  userName: z.string().min(1).optional(),
  role: z.string().min(1).optional(),
  department: z.string().min(1).optional(),
  workstation: z.string().min(1).optional(),
  sourceIp: z.string().min(1).optional(),
  action: z.string().min(1).optional(),
  resourceType: z.string().min(1).optional(),
  resourceId: z.string().min(1).optional(),
  application: z.string().min(1).optional(),
  reason: z.string().min(1).optional(),
  purposeOfUse: z.string().min(1).optional(),
  breakGlass: z.string().min(1).optional(),
  outcome: z.string().min(1).optional(),
  /** Patient name / birth date columns: read only to make pseudonymised keys, never kept. */
  patientName: z.string().min(1).optional(),
  patientBirthDate: z.string().min(1).optional(),
  /** Patient sensitivity/VIP flag column (`VIP`, `Y`, a confidentiality code…). */
  patientFlag: z.string().min(1).optional(),
});

const ehrActions = z.enum(['view', 'create', 'update', 'delete', 'print', 'export', 'query']);

/**
 * Settings of the `ehr-csv` parser.
 *
 * @example
 * ehrCsvConfig.parse({ columns: { user: 'user', time: 'time', patient: 'mrn' }, timeFormat: 'DD/MM/YYYY HH:mm:ss', timezone: 'Europe/London' })
 */
export const ehrCsvConfig = z.strictObject({
  columns: columnsConfig,
  /** `iso8601`, `epoch_ms`, `epoch_s`, or a pattern such as `DD/MM/YYYY HH:mm:ss` (see time-format.ts). */
  timeFormat: z.string().default('iso8601').refine(isValidTimeFormat, { message: 'unknown time format: use iso8601, epoch_ms, epoch_s or a pattern with YYYY, MM, DD' }),
  /** Format of the `patientBirthDate` column (a pattern as for `timeFormat`, or `iso8601`). */
  birthDateFormat: z.string().default('YYYY-MM-DD').refine(isValidTimeFormat, { message: 'unknown date format' }),
  timezone: timezoneConfig,
  /** Field separator: one character, or `tab`. */
  delimiter: z.string().default(',').transform((d) => (d === 'tab' ? '\t' : d)).refine((d) => d.length === 1 && d !== '"' && d !== '\n' && d !== '\r', { message: 'delimiter must be one character (or "tab"), not a quote or line break' }),
  /** Column names when the export has no header line (otherwise the first line names them). */
  header: z.array(z.string()).optional(),
  /** The export's action values → `ehr.action` (case-insensitive); unmapped values are guessed from their words. */
  actions: z.record(z.string(), ehrActions).default({}),
  /** Values of the break-glass column that mean yes (case-insensitive). */
  breakGlassValues: z.array(z.string()).default(['y', 'yes', 'true', '1', 'x', 'btg', 'emergency']),
  /** Identifier system of the patient column (default: `identifiers.defaultSystem`). */
  patientSystem: z.string().min(1).optional(),
  identifiers: identifierMappingConfig,
  /** Other non-PHI columns to keep under `raw` (by header name). Unlisted columns are dropped: they may hold PHI. */
  keepColumns: z.array(z.string()).default([]),
});

/**
 * Parsed settings of the `ehr-csv` parser.
 *
 * @example
 * const c: EhrCsvConfig = ehrCsvConfig.parse({ columns: { user: 'u', time: 't', patient: 'p' } });
 */
export type EhrCsvConfig = z.output<typeof ehrCsvConfig>;
