import type { ParsedEvent } from '../../core/components.js';
import { ParseError } from '../../core/errors.js';
import { SECURITY, SYSMON, powershellCategorisation, type Categorisation } from './codes.js';
import { flattenEvtxJson } from './flatten.js';
import { mapSecurity } from './security.js';
import { mapApplicationAuth } from './app-auth.js';

type Obj = Record<string, unknown>;

/** The three JSON shapes of Windows events the parser reads. */
export type WindowsShape = 'evtx' | 'winlogbeat' | 'flat';

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Which shape a JSON object has, or undefined when it is not a Windows event.
 *
 * @example
 * windowsShape({ Event: { System: {} } }) // 'evtx'
 */
export function windowsShape(o: unknown): WindowsShape | undefined {
  if (!isObj(o)) return undefined;
  if (isObj(o.Event) && isObj(o.Event.System)) return 'evtx';
  if (isObj(o.winlog)) return 'winlogbeat';
  if ('EventID' in o && ('Channel' in o || 'SourceName' in o || 'ProviderName' in o)) return 'flat';
  return undefined;
}

function toIso(v: unknown): string | undefined {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  let s = String(v).trim();
  if (/^\d{4}-\d\d-\d\d \d/.test(s)) s = s.replace(' ', 'T');
  if (/T\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(s)) s += 'Z';
  // Trim sub-millisecond digits, which Date.parse rejects in some forms.
  s = s.replace(/(\.\d{3})\d+/, '$1');
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString();
}

function num(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const n = v.startsWith('0x') ? parseInt(v, 16) : Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' && v !== '-' ? v : typeof v === 'number' ? String(v) : undefined;
}

function basename(p: string): string {
  const i = Math.max(p.lastIndexOf('\\'), p.lastIndexOf('/'));
  return i >= 0 ? p.slice(i + 1) : p;
}

function setIf(o: Obj, k: string, v: unknown): void {
  if (v !== undefined) o[k] = v;
}

/** The ECS categorisation of an event, by its channel and id (winlogbeat's tables). */
function categorisationOf(channel: string, eid: number): Categorisation | undefined {
  const ch = channel.toLowerCase();
  if (ch === 'security') return SECURITY.get(eid);
  if (ch === 'microsoft-windows-sysmon/operational') return SYSMON.get(eid);
  if (ch === 'windows powershell' || ch === 'microsoft-windows-powershell/operational') return powershellCategorisation(eid);
  return undefined;
}

/**
 * Build a Wardwatch event from the flat Windows fields: ECS where the meaning is plain
 * (`event.code`, `host.name`, `process.*`, `user.*`, `file.path`, `source/destination.*`),
 * and every original field under `raw` by its Windows name.
 *
 * @example
 * eventFromFlat({ EventID: 4688, Channel: 'Security', NewProcessName: 'C:\\\\a.exe', '@timestamp': '…' })
 */
export function eventFromFlat(raw: Obj, extra: Obj = {}): ParsedEvent {
  const channel = str(raw.Channel) ?? '';
  const eid = num(raw.EventID) ?? NaN;
  const time =
    toIso(raw.TimeCreated_SystemTime) ?? toIso(raw['@timestamp']) ?? toIso(raw.TimeCreated) ?? toIso(raw.EventTime) ?? toIso(raw.UtcTime);
  if (!time) throw new ParseError('Windows event without a readable time (TimeCreated/@timestamp/UtcTime)');
  const event: ParsedEvent['event'] = { kind: 'event', module: 'windows' };
  if (!Number.isNaN(eid)) event.code = String(eid);
  setIf(event, 'provider', str(raw.Provider_Name));
  if (channel) event.dataset = `windows.${channel.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;
  const cat = categorisationOf(channel, eid);
  if (cat) {
    event.category = [...cat.category];
    event.type = [...cat.type];
    event.action = cat.action;
  }
  const e: ParsedEvent = { ...extra, '@timestamp': time, event, raw };
  const computer = str(raw.Computer);
  if (computer) e.host = { name: computer };

  const exe = str(raw.Image) ?? str(raw.NewProcessName);
  const cmd = str(raw.CommandLine);
  const proc: Obj = {};
  if (exe) {
    proc.executable = exe;
    proc.name = basename(exe);
  }
  setIf(proc, 'command_line', cmd);
  // Security 4688 names the new process NewProcessId and its creator ProcessId.
  const is4688 = raw.NewProcessName !== undefined;
  setIf(proc, 'pid', num(is4688 ? raw.NewProcessId : raw.ProcessId));
  setIf(proc, 'working_directory', str(raw.CurrentDirectory));
  if (str(raw.OriginalFileName)) proc.pe = { original_file_name: raw.OriginalFileName };
  const parent: Obj = {};
  const pexe = str(raw.ParentImage) ?? str(raw.ParentProcessName);
  if (pexe) {
    parent.executable = pexe;
    parent.name = basename(pexe);
  }
  setIf(parent, 'command_line', str(raw.ParentCommandLine));
  setIf(parent, 'pid', num(is4688 ? raw.ProcessId : raw.ParentProcessId));
  if (Object.keys(parent).length) proc.parent = parent;
  if (Object.keys(proc).length) e.process = proc;

  const userText = str(raw.User);
  if (userText) {
    const i = userText.indexOf('\\');
    e.user = i >= 0 ? { domain: userText.slice(0, i), name: userText.slice(i + 1) } : { name: userText };
  } else {
    const name = str(raw.TargetUserName) ?? str(raw.SubjectUserName);
    if (name) {
      const dom = str(raw.TargetUserName) ? str(raw.TargetDomainName) : str(raw.SubjectDomainName);
      e.user = dom ? { name, domain: dom } : { name };
    }
  }
  const filePath = str(raw.TargetFilename) ?? str(raw.ImageLoaded);
  if (filePath) e.file = { path: filePath, name: basename(filePath) };
  const dip = str(raw.DestinationIp);
  if (dip) e.destination = { ip: dip, ...(num(raw.DestinationPort) !== undefined ? { port: num(raw.DestinationPort)! } : {}), ...(str(raw.DestinationHostname) ? { domain: str(raw.DestinationHostname)! } : {}) };
  const sip = str(raw.SourceIp) ?? str(raw.IpAddress);
  if (sip) e.source = { ip: sip, ...(num(raw.SourcePort ?? raw.IpPort) ? { port: num(raw.SourcePort ?? raw.IpPort)! } : {}) };
  const q = str(raw.QueryName);
  if (q) e.dns = { question: { name: q } };
  const reg = str(raw.TargetObject);
  if (reg) e.registry = { path: reg };
  e.winlog = {
    channel: channel || undefined,
    provider_name: str(raw.Provider_Name),
    event_id: Number.isNaN(eid) ? undefined : eid,
    computer_name: computer,
    record_id: num(raw.EventRecordID ?? raw.RecordNumber),
  };
  if (channel.toLowerCase() === 'security' && !Number.isNaN(eid)) mapSecurity(eid, raw, e);
  else mapApplicationAuth(channel, eid, raw, e);
  return e;
}

/**
 * Turn one Windows event JSON object (any of the three shapes) into a Wardwatch event.
 *
 * @example
 * windowsEvent(JSON.parse(line))['raw'].Image
 */
export function windowsEvent(o: unknown): ParsedEvent {
  const shape = windowsShape(o);
  if (!shape || !isObj(o)) throw new ParseError('not a Windows event (expected Event.System, winlog.* or EventID+Channel)');
  if (shape === 'evtx') return eventFromFlat(flattenEvtxJson(o.Event as Obj));
  if (shape === 'flat') {
    const raw: Obj = { ...o };
    if (raw.Provider_Name === undefined) raw.Provider_Name = raw.SourceName ?? raw.ProviderName;
    if (raw.Computer === undefined && raw.Hostname !== undefined) raw.Computer = raw.Hostname;
    for (const k of Object.keys(o)) if (k.includes(' ')) raw[k.replace(/ /g, '')] ??= o[k];
    return eventFromFlat(raw);
  }
  const w = o.winlog as Obj;
  const raw: Obj = {};
  if (isObj(w.event_data)) Object.assign(raw, w.event_data);
  if (isObj(w.user_data)) Object.assign(raw, w.user_data);
  raw.EventID = num(w.event_id) ?? w.event_id;
  raw.Channel = w.channel;
  raw.Provider_Name = w.provider_name;
  raw.Computer = w.computer_name;
  if (w.keywords !== undefined) raw.Keywords = w.keywords;
  if (w.record_id !== undefined) raw.EventRecordID = w.record_id;
  raw['@timestamp'] = o['@timestamp'];
  const { winlog: _w, '@metadata': _m, event: _e, ...ecs } = o;
  const ev = eventFromFlat(raw, ecs);
  // Keep what winlogbeat already decided when the raw fields do not say (e.g. no keywords shipped).
  const orig = isObj(o.event) ? o.event : {};
  if (ev.event.outcome === undefined && (orig.outcome === 'success' || orig.outcome === 'failure')) ev.event.outcome = orig.outcome;
  return ev;
}
