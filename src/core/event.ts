/**
 * The normalised Wardwatch event: Elastic Common Schema (ECS) field names, plus the
 * `ehr.*` namespace for EHR access audit and `device.*` for medical devices (IoMT).
 * Parsers produce it; detectors, the store and the API consume it. See docs/schema.md.
 *
 * Patient identifiers never travel raw: `ehr.patient.id` holds a keyed pseudonym
 * (see {@link PatientPseudonym}).
 *
 * @example
 * const e: WardEvent = {
 *   '@timestamp': '2026-01-05T02:14:09.000Z',
 *   event: { id: newEventId(), kind: 'event', category: ['authentication'], outcome: 'failure', action: 'ssh_login' },
 *   user: { name: 'root' },
 *   source: { ip: '203.0.113.9' },
 * };
 */
export interface WardEvent extends EventBody {
  event: EventFields;
}

/** Everything of an event but `event.*` (shared by stored and freshly parsed events). */
export interface EventBody {
  /** Event time in UTC, ISO 8601 with milliseconds. */
  '@timestamp': string;
  message?: string;
  tags?: string[];
  labels?: Record<string, string>;
  source?: Endpoint;
  destination?: Endpoint;
  client?: Endpoint;
  server?: Endpoint;
  user?: UserFields;
  host?: HostFields;
  process?: ProcessFields;
  network?: NetworkFields;
  url?: UrlFields;
  email?: EmailFields;
  file?: FileFields;
  log?: LogFields;
  observer?: { name?: string; product?: string; vendor?: string; type?: string; hostname?: string };
  /** Medical / IoT device extension (IoMT). */
  device?: DeviceFields;
  /** EHR access-audit extension. */
  ehr?: EhrFields;
  /** The record as it arrived, split into fields by the parser (format-specific names). */
  raw?: Record<string, unknown>;
  /** Any other ECS field set (e.g. `related`, `rule`, `threat`, `winlog`). */
  [field: string]: unknown;
}

/** ECS `event.*` of a stored event: the id is always set. */
export interface EventFields extends EventFieldsBase {
  /** Unique, time-sortable id assigned at ingest. */
  id: string;
}

/** ECS `event.*` without the id (parsers leave it to the runtime). */
export interface EventFieldsBase {
  id?: string;
  kind?: 'event' | 'alert' | 'metric' | 'state' | 'pipeline_error' | 'signal';
  category?: EventCategory[];
  type?: string[];
  action?: string;
  outcome?: 'success' | 'failure' | 'unknown';
  /** Name of the parser that produced the event (e.g. `linux-auth`). */
  module?: string;
  dataset?: string;
  provider?: string;
  code?: string;
  severity?: number;
  reason?: string;
  /** When Wardwatch received the record (ISO 8601, UTC). */
  ingested?: string;
  original?: string;
  duration?: number;
  [field: string]: unknown;
}

/** ECS `event.category` allowed values. */
export type EventCategory =
  | 'api' | 'authentication' | 'configuration' | 'database' | 'driver' | 'email' | 'file' | 'host' | 'iam'
  | 'intrusion_detection' | 'library' | 'malware' | 'network' | 'package' | 'process' | 'registry' | 'session'
  | 'threat' | 'vulnerability' | 'web';

export interface Endpoint {
  ip?: string;
  port?: number;
  address?: string;
  domain?: string;
  mac?: string;
  bytes?: number;
  packets?: number;
  geo?: { country_iso_code?: string; country_name?: string; city_name?: string };
  user?: UserFields;
  [field: string]: unknown;
}

export interface UserFields {
  name?: string;
  id?: string;
  domain?: string;
  email?: string;
  full_name?: string;
  roles?: string[];
  target?: UserFields;
  effective?: UserFields;
  [field: string]: unknown;
}

export interface HostFields {
  name?: string;
  hostname?: string;
  ip?: string[];
  mac?: string[];
  os?: { family?: string; name?: string; version?: string };
  [field: string]: unknown;
}

export interface ProcessFields {
  pid?: number;
  name?: string;
  executable?: string;
  command_line?: string;
  args?: string[];
  parent?: ProcessFields;
  [field: string]: unknown;
}

export interface NetworkFields {
  transport?: string;
  protocol?: string;
  application?: string;
  direction?: 'inbound' | 'outbound' | 'internal' | 'external' | 'unknown';
  bytes?: number;
  packets?: number;
  community_id?: string;
  [field: string]: unknown;
}

export interface UrlFields {
  original?: string;
  full?: string;
  domain?: string;
  path?: string;
  query?: string;
  scheme?: string;
  [field: string]: unknown;
}

export interface EmailFields {
  from?: { address?: string[] };
  to?: { address?: string[] };
  subject?: string;
  message_id?: string;
  [field: string]: unknown;
}

export interface FileFields {
  path?: string;
  name?: string;
  extension?: string;
  size?: number;
  hash?: { md5?: string; sha1?: string; sha256?: string };
  [field: string]: unknown;
}

export interface LogFields {
  level?: string;
  logger?: string;
  file?: { path?: string };
  offset?: number;
  syslog?: {
    facility?: { code?: number; name?: string };
    severity?: { code?: number; name?: string };
    priority?: number;
    hostname?: string;
    appname?: string;
    procid?: string;
    msgid?: string;
    version?: string;
    structured_data?: Record<string, Record<string, string>>;
  };
  [field: string]: unknown;
}

/** Medical-device (IoMT) extension: identity and clinical context of the device. */
export interface DeviceFields {
  id?: string;
  /** Device class, e.g. `infusion_pump`, `patient_monitor`, `ct_scanner`. */
  type?: string;
  manufacturer?: string;
  model?: { identifier?: string; name?: string };
  serial_number?: string;
  firmware_version?: string;
  /** `life_critical` devices are never cut off automatically by a response playbook. */
  criticality?: 'life_critical' | 'high' | 'medium' | 'low';
  location?: { unit?: string; room?: string };
  /** Telemetry values reported by the device (name → value). */
  metrics?: Record<string, number>;
  [field: string]: unknown;
}

/** A patient identifier after keyed pseudonymisation (HMAC-SHA256, `pt_` + base32). */
export type PatientPseudonym = string & { readonly __brand: 'PatientPseudonym' };

/** EHR access-audit extension. */
export interface EhrFields {
  /** What the user did to the record: `view`, `create`, `update`, `delete`, `print`, `export`, `query`. */
  action?: string;
  /** FHIR resource type or EHR module (e.g. `Patient`, `Observation`, `MedicationRequest`, `notes`). */
  resource_type?: string;
  resource_id?: string;
  patient?: { id?: PatientPseudonym; vip?: boolean; sensitivity?: string[] };
  /** HL7 v3 PurposeOfUse code, e.g. `TREAT`, `ETREAT`, `HPAYMT`. */
  purpose_of_use?: string;
  /** Emergency "break-glass" access that bypassed normal restrictions. */
  break_glass?: boolean;
  reason?: string;
  application?: string;
  workstation?: string;
  department?: string;
  role?: string;
  [field: string]: unknown;
}

/**
 * Read a field by its dotted ECS path, accepting both nested objects and flat dotted keys.
 *
 * @example
 * getField({ user: { name: 'a' } }, 'user.name') // 'a'
 * getField({ 'winlog.event_id': 4625 }, 'winlog.event_id') // 4625
 */
export function getField(obj: unknown, path: string): unknown {
  if (obj === null || typeof obj !== 'object') return undefined;
  const rec = obj as Record<string, unknown>;
  if (path in rec) return rec[path];
  const dot = path.indexOf('.');
  if (dot < 0) return undefined;
  // Try each split point so `a.b.c` finds { 'a.b': { c } } as well as { a: { b: { c } } }.
  for (let i = dot; i >= 0; i = path.indexOf('.', i + 1)) {
    const head = path.slice(0, i);
    if (head in rec) {
      const found = getField(rec[head], path.slice(i + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/**
 * Set a field by dotted path, creating nested objects as needed.
 *
 * @example
 * const o = {}; setField(o, 'source.ip', '10.0.0.1'); // { source: { ip: '10.0.0.1' } }
 */
export function setField(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let cur = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    const k = parts[i]!;
    const next = cur[k];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      const fresh: Record<string, unknown> = {};
      cur[k] = fresh;
      cur = fresh;
    } else {
      cur = next as Record<string, unknown>;
    }
  }
  cur[parts[parts.length - 1]!] = value;
}

/** Epoch milliseconds of an event's `@timestamp` (NaN if unparseable). */
export function eventTime(e: WardEvent): number {
  return Date.parse(e['@timestamp']);
}
