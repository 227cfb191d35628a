import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { domainToASCII, fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { IntelError } from './errors.js';

const require = createRequire(import.meta.url);
// Ajv and ajv-formats are CommonJS: `require` gives the constructors without ESM interop guesswork.
const Ajv2020 = require('ajv/dist/2020').default as typeof import('ajv/dist/2020.js').default;
const addFormats = require('ajv-formats').default as typeof import('ajv-formats').default;

/** The project root: the nearest folder above this module holding package.json (works from src/ and dist/). */
function projectRoot(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++, d = dirname(d)) {
    try {
      if (statSync(join(d, 'package.json')).isFile()) return d;
    } catch {
      /* keep climbing */
    }
  }
  return process.cwd();
}

/**
 * Where the official STIX 2.1 JSON Schemas (OASIS cti-stix2-json-schemas) are: `../shared/data/…`
 * beside the project root, unless `WARDWATCH_STIX_SCHEMAS` names another copy (see docs/intel.md).
 */
export const DEFAULT_SCHEMA_DIR = process.env.WARDWATCH_STIX_SCHEMAS ?? resolve(projectRoot(), '../shared/data/intel/stix-taxii-examples/cti-stix2-json-schemas/schemas');

/** One problem with one object: its id, the JSON pointer of the field, and what is wrong. */
export interface StixProblem {
  object: string;
  path: string;
  message: string;
}

function* jsonFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* jsonFiles(p);
    else if (name.endsWith('.json')) yield p;
  }
}

/**
 * Validates STIX 2.1 objects against the official OASIS JSON Schemas (draft 2020-12): every
 * schema file is registered under its `$id`, so the relative `$ref`s between files resolve;
 * each object is checked against the schema of its `type` (SDO, SRO, SCO, marking definition).
 *
 * @example
 * const v = StixValidator.load();
 * v.validate({ type: 'indicator', … }) // [] or [{ object: 'indicator--…', path: '/pattern_type', message: 'must be string' }]
 */
export class StixValidator {
  private readonly byType = new Map<string, ValidateFunction>();
  private readonly bundle: ValidateFunction | undefined;

  private constructor(schemas: Array<{ $id: string; title?: string }>) {
    // strict: false — the OASIS schemas use annotation keywords Ajv's strict mode rejects.
    // unicodeRegExp: false — the schemas' patterns use escapes (`\-`) that are invalid under the `u` flag.
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true, unicodeRegExp: false });
    addFormats(ajv);
    // ajv-formats has no idn-hostname (domain-name.value): accept what the WHATWG URL parser can turn into ASCII.
    ajv.addFormat('idn-hostname', (v: string) => v.length > 0 && v.length <= 253 && domainToASCII(v) !== '');
    for (const s of schemas) ajv.addSchema(s);
    for (const s of schemas) {
      const kind = /\/schemas\/(sdos|sros|observables|common)\//.exec(s.$id)?.[1];
      const name = s.$id.replace(/^.*\//, '').replace(/\.json$/, '');
      if (kind === 'sdos' || kind === 'sros' || kind === 'observables') this.byType.set(name, ajv.getSchema(s.$id)!);
      else if (name === 'marking-definition' || name === 'extension-definition' || name === 'language-content') this.byType.set(name, ajv.getSchema(s.$id)!);
    }
    const b = schemas.find((s) => s.$id.endsWith('/common/bundle.json'));
    this.bundle = b ? ajv.getSchema(b.$id) : undefined;
  }

  /** Load every schema under `dir` (default: the shared OASIS copy). Throws `IntelError('io')` if absent. */
  static load(dir: string = DEFAULT_SCHEMA_DIR): StixValidator {
    let files: string[];
    try {
      files = [...jsonFiles(dir)];
    } catch (err) {
      throw new IntelError('io', `STIX 2.1 JSON Schemas not found in ${dir}: ${(err as Error).message}`);
    }
    if (!files.length) throw new IntelError('io', `no STIX 2.1 JSON Schemas in ${dir}`);
    return new StixValidator(files.map((f) => JSON.parse(readFileSync(f, 'utf8')) as { $id: string }));
  }

  /** Types there is a schema for. */
  types(): string[] {
    return [...this.byType.keys()].sort();
  }

  /**
   * Problems of one object (empty when valid). Custom types (`x-…`) and types without a schema
   * are checked only for a type and a well-formed id.
   */
  validate(obj: unknown): StixProblem[] {
    if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return [{ object: '(not an object)', path: '', message: 'a STIX object must be a JSON object' }];
    const o = obj as Record<string, unknown>;
    const id = typeof o.id === 'string' ? o.id : `(${typeof o.type === 'string' ? o.type : 'object'} without id)`;
    if (typeof o.type !== 'string') return [{ object: id, path: '/type', message: 'must be a string' }];
    const fn = this.byType.get(o.type);
    if (!fn) {
      if (typeof o.id !== 'string' || !o.id.startsWith(`${o.type}--`)) return [{ object: id, path: '/id', message: `must be "${o.type}--<uuid>"` }];
      return [];
    }
    if (fn(o)) return [];
    return summarise(fn.errors ?? []).map((e) => ({ object: id, ...e }));
  }

  /**
   * Problems of a bundle: the envelope (type, id, objects array) and every object by its own
   * type's schema, so a bad object is named by its id rather than lost in the bundle's `anyOf`.
   */
  validateBundle(bundle: unknown): StixProblem[] {
    if (!bundle || typeof bundle !== 'object') return [{ object: '(bundle)', path: '', message: 'a bundle must be a JSON object' }];
    const b = bundle as Record<string, unknown>;
    const bid = typeof b.id === 'string' ? b.id : '(bundle)';
    const out: StixProblem[] = [];
    if (b.type !== 'bundle') out.push({ object: bid, path: '/type', message: 'must be "bundle"' });
    if (typeof b.id !== 'string' || !/^bundle--/.test(b.id)) out.push({ object: bid, path: '/id', message: 'must be "bundle--<uuid>"' });
    if (b.objects !== undefined && !Array.isArray(b.objects)) out.push({ object: bid, path: '/objects', message: 'must be an array' });
    if (Array.isArray(b.objects)) for (const o of b.objects) out.push(...this.validate(o));
    return out;
  }

  /** True if the envelope schema is loaded (used by tests to check the $ref tree resolved). */
  hasBundleSchema(): boolean {
    return this.bundle !== undefined;
  }
}

/**
 * Ajv reports every branch of `oneOf`/`anyOf` that failed; keep the deepest, most specific
 * errors (those that name a field) and drop the combinator summaries.
 */
function summarise(errors: ErrorObject[]): Array<{ path: string; message: string }> {
  const specific = errors.filter((e) => !['oneOf', 'anyOf', 'allOf', 'if', 'not'].includes(e.keyword));
  const list = specific.length ? specific : errors;
  const seen = new Set<string>();
  const out: Array<{ path: string; message: string }> = [];
  for (const e of list) {
    let path = e.instancePath;
    let message = e.message ?? e.keyword;
    if (e.keyword === 'required') {
      path += `/${(e.params as { missingProperty: string }).missingProperty}`;
      message = 'is required';
    }
    if (e.keyword === 'additionalProperties') {
      path += `/${(e.params as { additionalProperty: string }).additionalProperty}`;
      message = 'is not allowed';
    }
    if (e.keyword === 'enum') message += `: ${JSON.stringify((e.params as { allowedValues: unknown[] }).allowedValues)}`;
    const k = `${path}|${message}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push({ path, message });
  }
  return out;
}
