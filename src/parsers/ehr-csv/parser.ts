import type { ParsedEvent, Parser } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import type { EhrFields, PatientPseudonym } from '../../core/event.js';
import type { RawRecord } from '../../core/record.js';
import type { Pseudonymiser } from '../../enrich/pseudonymise/index.js';
import type { DraftEvent } from '../common/draft-event.js';
import { setOwn } from '../common/own-property.js';
import { recordWhere } from '../common/where.js';
import { zoneResolver } from '../common/zone.js';
import { EVENT_TYPE, guessAction } from './actions.js';
import type { EhrCsvConfig } from './config.js';
import { CsvError, parseCsv } from './csv.js';
import { compileTimeFormat } from './time-format.js';

type ColumnKey = keyof EhrCsvConfig['columns'];

/** Columns whose values are patient data: read to pseudonymise, never copied. */
const PHI_COLUMNS: ReadonlySet<ColumnKey> = new Set(['patient', 'patientName', 'patientBirthDate']);
/** Sources whose header is remembered (the oldest is forgotten past this). */
const HEADER_LIMIT = 10_000;
const IPV4 = /^(?:\d{1,3}\.){3}\d{1,3}$/;

/**
 * What {@link createEhrCsvParser} needs besides its config.
 *
 * @example
 * const o: EhrCsvParserOptions = { pseudonymiser: pseudonymiserFor(dataDir) };
 */
export interface EhrCsvParserOptions {
  pseudonymiser: Pseudonymiser;
}

/**
 * Build an `ehr-csv` parser. It is stateful per source: the first line of each source (file) is
 * its header and says where the configured columns are (unless `header` is configured); a header
 * line repeated later (concatenated exports) is skipped. A record may hold one line or, with
 * document framing, a whole file (then quoted fields may span lines). Each data row becomes one
 * event; the patient column is pseudonymised and no unlisted column is copied.
 *
 * @example
 * const p = createEhrCsvParser(ehrCsvConfig.parse({ columns: { user: 'user', time: 'time', patient: 'mrn' } }), { pseudonymiser });
 * p.parse({ data: 'user,time,mrn', source: 'file:a.csv', offset: 1, receivedAt: 0 }) // [] (header)
 * p.parse({ data: 'njones,2026-01-05T10:00:00Z,778899', source: 'file:a.csv', offset: 2, receivedAt: 0 }) // [event]
 */
export function createEhrCsvParser(config: EhrCsvConfig, opts: EhrCsvParserOptions): Parser {
  const readTime = compileTimeFormat(config.timeFormat, zoneResolver(config.timezone));
  const readDob = compileTimeFormat(config.birthDateFormat, (l) => l);
  const headers = new Map<string, Map<string, number>>();
  const fixed = config.header ? indexHeader(config.header) : undefined;
  const actions = new Map(Object.entries(config.actions).map(([k, v]) => [k.trim().toLowerCase(), v]));
  const yes = new Set(config.breakGlassValues.map((v) => v.trim().toLowerCase()));
  const columns = Object.entries(config.columns).filter((e): e is [ColumnKey, string] => e[1] !== undefined);
  const required: ColumnKey[] = ['user', 'time', 'patient'];
  const p = opts.pseudonymiser;

  const isHeader = (cells: string[]): boolean => {
    const names = new Set(cells.map(norm));
    return required.every((k) => names.has(norm(config.columns[k] ?? '')));
  };

  const toEvent = (cells: string[], index: Map<string, number>, where: string): ParsedEvent => {
    const get = (k: ColumnKey): string => {
      const name = config.columns[k];
      if (name === undefined) return '';
      const i = index.get(norm(name));
      return i === undefined ? '' : (cells[i] ?? '').trim();
    };
    const col = (k: ColumnKey) => `column "${config.columns[k] ?? k}" (${k})`;
    const timeText = get('time');
    if (timeText === '') throw new ParseError(`${col('time')} is empty`, where);
    const ms = readTime(timeText);
    if (ms === undefined) throw new ParseError(`${col('time')} does not match timeFormat "${config.timeFormat}"`, where);
    const user = get('user');
    if (user === '') throw new ParseError(`${col('user')} is empty`, where);

    const actionText = get('action');
    const ehrAction = actionText === '' ? 'view' : (actions.get(actionText.toLowerCase()) ?? guessAction(actionText));
    const ev: DraftEvent = {
      '@timestamp': new Date(ms).toISOString(),
      event: {
        kind: 'event',
        module: 'ehr-csv',
        dataset: 'ehr.access',
        action: actionText === '' ? 'record_access' : actionText.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'record_access',
        category: ['database'],
        type: [ehrAction === undefined ? 'info' : (EVENT_TYPE[ehrAction] ?? 'access')],
        outcome: outcomeOf(get('outcome')),
      },
      user: { id: user, name: user },
    };
    const fullName = get('userName');
    if (fullName !== '') ev.user!.full_name = fullName;
    const role = get('role');
    if (role !== '') ev.user!.roles = [role];
    const ip = get('sourceIp');
    if (ip !== '') ev.source = IPV4.test(ip) || ip.includes(':') ? { ip, address: ip } : { address: ip, domain: ip };

    const ehr: EhrFields = {};
    if (ehrAction !== undefined) ehr.action = ehrAction;
    const patientText = get('patient');
    let patient: PatientPseudonym | undefined;
    if (patientText !== '') {
      patient = p.patient(config.patientSystem === undefined ? { value: patientText } : { system: config.patientSystem, value: patientText });
      const pt: NonNullable<EhrFields['patient']> = { id: patient };
      const flag = get('patientFlag').toUpperCase();
      if (flag !== '' && !/^(N|NO|FALSE|0)$/.test(flag)) {
        if (/^(VIP|Y|YES|TRUE|1|CEL)$/.test(flag)) pt.vip = true;
        if (/^[A-Z]{1,6}$/.test(flag) && !/^(VIP|Y|YES|TRUE)$/.test(flag)) pt.sensitivity = [flag];
      }
      ehr.patient = pt;
    }
    const keys: Record<string, string> = {};
    const name = get('patientName');
    if (name !== '') {
      // "Family, Given" or "Given Family": keep the written order; the key is a join key, not a parsed name.
      const [family, ...given] = name.includes(',') ? name.split(',') : [name];
      const k = p.name(family, given);
      if (k !== undefined) keys.name = k;
    }
    const dob = get('patientBirthDate');
    const dobMs = dob === '' ? undefined : readDob(dob);
    const b = dobMs === undefined ? undefined : p.birthDate(new Date(dobMs).toISOString().slice(0, 10));
    if (b !== undefined) keys.birth_date = b;
    if (Object.keys(keys).length > 0) ehr.patient_keys = keys;

    const set = (k: ColumnKey, field: keyof EhrFields & string) => {
      const v = get(k);
      if (v !== '') ehr[field] = v;
    };
    set('resourceType', 'resource_type');
    const rid = get('resourceId');
    if (rid !== '') ehr.resource_id = patient !== undefined && norm(rid) === norm(patientText) ? patient : rid;
    set('application', 'application');
    set('workstation', 'workstation');
    set('department', 'department');
    set('role', 'role');
    set('reason', 'reason');
    set('purposeOfUse', 'purpose_of_use');
    const bg = get('breakGlass');
    ehr.break_glass = bg !== '' && yes.has(bg.toLowerCase());
    ev.ehr = ehr;

    const raw: Record<string, unknown> = {};
    for (const [k, header] of columns) {
      if (PHI_COLUMNS.has(k)) continue;
      const v = get(k);
      if (v !== '') setOwn(raw, header, v);
    }
    for (const header of config.keepColumns) {
      const i = index.get(norm(header));
      const v = i === undefined ? undefined : cells[i];
      if (v !== undefined && v !== '' && !columns.some(([k, h]) => PHI_COLUMNS.has(k) && norm(h) === norm(header))) setOwn(raw, header, v);
    }
    ev.raw = raw;
    ev.message = `${user} ${ehrAction ?? 'accessed'} ${String(ehr.resource_type ?? 'record')}${ehr.break_glass ? ' (break-glass)' : ''}`;
    return ev;
  };

  return {
    name: 'ehr-csv',
    parse(record: RawRecord): ParsedEvent[] {
      const where = recordWhere(record);
      let rows: string[][];
      try {
        rows = parseCsv(record.data.replace(/^\uFEFF/, ''), config.delimiter);
      } catch (err) {
        if (err instanceof CsvError) throw new ParseError(err.message, where);
        throw err;
      }
      const out: ParsedEvent[] = [];
      let index = fixed ?? headers.get(record.source);
      for (const cells of rows) {
        if (cells.length === 1 && cells[0]!.trim() === '') continue;
        if (isHeader(cells)) {
          if (fixed === undefined) {
            index = indexHeader(cells);
            if (headers.size >= HEADER_LIMIT && !headers.has(record.source)) headers.delete(headers.keys().next().value!);
            headers.set(record.source, index);
          }
          continue;
        }
        if (index === undefined) {
          const missing = required.filter((k) => !cells.map(norm).includes(norm(config.columns[k] ?? ''))).map((k) => `"${config.columns[k]}"`);
          throw new ParseError(`the first line is not a header naming the configured columns (missing ${missing.join(', ')})`, where);
        }
        out.push(toEvent(cells, index, where));
      }
      return out;
    },
  };
}

function norm(s: string): string {
  return s.replace(/^\uFEFF/, '').trim().toLowerCase();
}

function indexHeader(cells: string[]): Map<string, number> {
  const m = new Map<string, number>();
  cells.forEach((c, i) => {
    if (!m.has(norm(c))) m.set(norm(c), i);
  });
  return m;
}

function outcomeOf(v: string): 'success' | 'failure' | 'unknown' {
  if (v === '') return 'success';
  const t = v.toLowerCase();
  if (/^(ok|success|succeeded|allowed|granted|permit|y|yes|true|0)$/.test(t)) return 'success';
  if (/fail|denied|deny|error|reject|blocked|^n$|^no$|^false$/.test(t)) return 'failure';
  return 'unknown';
}
