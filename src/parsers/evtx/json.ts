import type { XmlElement } from './tree.js';

/** JSON value of a rendered record. */
export type EvtxJson = string | number | null | EvtxJsonObject | EvtxJson[];
export interface EvtxJsonObject {
  [key: string]: EvtxJson;
}

/** System fields the EVTX-to-JSON converters give as numbers (everything else stays text). */
const NUMERIC_SYSTEM = new Set(['EventID', 'Version', 'Level', 'Task', 'Opcode', 'EventRecordID']);
const INTEGER = /^\d{1,15}$/;
const ISO_TIME = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.(\d+))?Z$/;

/**
 * `2021-05-03T08:58:25.921033600Z` (how Windows renders an exported record) → the
 * `2021-05-03 08:58:25.921033` of template-rendered records, so every record has one time format.
 */
function pyTime(s: string): string {
  const m = ISO_TIME.exec(s);
  if (!m) return s;
  const frac = (m[3] ?? '').slice(0, 6).padEnd(6, '0');
  return /^0+$/.test(frac) ? `${m[1]} ${m[2]}` : `${m[1]} ${m[2]}.${frac}`;
}

function isNamespace(name: string): boolean {
  return name === 'xmlns' || name.startsWith('xmlns:');
}

/** `skipName`: leave out the `Name` attribute (already used as the key of a `<Data Name="x">`). */
function convert(el: XmlElement, root: boolean, numeric: boolean, skipName = false): EvtxJson {
  let text = '';
  let hasChild = false;
  for (const c of el.children) {
    if (typeof c === 'string') text += c;
    else hasChild = true;
  }
  let attrs: EvtxJsonObject | undefined;
  for (const [k, v] of el.attrs) {
    if ((skipName && k === 'Name') || (!root && isNamespace(k))) continue;
    (attrs ??= {})[k] = el.name === 'TimeCreated' && k === 'SystemTime' ? pyTime(v) : v;
  }
  if (attrs === undefined && !hasChild) {
    if (text === '') return null;
    return numeric && INTEGER.test(text) ? Number(text) : text;
  }
  const obj: EvtxJsonObject = {};
  if (attrs !== undefined) obj['#attributes'] = attrs;
  const system = el.name === 'System';
  // Repeated sibling elements (e.g. unnamed <Data>) become a list, at the place of the first.
  let lists: Set<string> | undefined;
  for (const c of el.children) {
    if (typeof c === 'string') continue;
    let key = c.name;
    let value: EvtxJson;
    const name = c.name === 'Data' ? c.attrs.find(([k]) => k === 'Name') : undefined;
    if (name) {
      // <Data Name="x">v</Data> → "x": v (the EventData convention of EVTX-to-JSON converters).
      key = name[1];
      value = convert(c, false, false, true);
    } else value = convert(c, false, system && NUMERIC_SYSTEM.has(c.name));
    if (!Object.prototype.hasOwnProperty.call(obj, key)) obj[key] = value;
    else if (lists?.has(key)) (obj[key] as EvtxJson[]).push(value);
    else {
      obj[key] = [obj[key]!, value];
      (lists ??= new Set()).add(key);
    }
  }
  if (text.trim() !== '') obj['#text'] = numeric && INTEGER.test(text) ? Number(text) : text;
  return obj;
}

/**
 * Turn a rendered record into the JSON shape of the EVTX-to-JSON converters Wardwatch's Windows
 * parser reads: `{"Event": {"#attributes": {"xmlns": …}, "System": {…}, "EventData": {…}}}`.
 * Attributes go under `#attributes` (namespace declarations only on the root), text next to
 * attributes under `#text`, an empty element is `null`, `<Data Name="x">` becomes key `x`,
 * repeated elements become a list, and the System numbers (EventID, Version, Level, Task,
 * Opcode, EventRecordID) are JSON numbers.
 *
 * @example
 * toEventJson({ name: 'Event', attrs: [], children: [{ name: 'System', attrs: [], children: [{ name: 'EventID', attrs: [], children: ['4624'] }] }] })
 * // { Event: { System: { EventID: 4624 } } }
 */
export function toEventJson(root: XmlElement): EvtxJsonObject {
  return { [root.name]: convert(root, true, false) };
}
