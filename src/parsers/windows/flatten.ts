type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** The text of an EVTX-rendered XML node: `{ "#text": … }` → its text, attributes dropped. */
function nodeValue(v: unknown): unknown {
  if (isObj(v) && '#text' in v) return v['#text'];
  return v;
}

function attrs(v: unknown): Obj | undefined {
  return isObj(v) && isObj(v['#attributes']) ? v['#attributes'] : undefined;
}

/** Add `ThreatName` next to `Threat Name`: Sigma rules use the names without spaces. */
function addSpacelessAlias(out: Obj, key: string, value: unknown): void {
  if (key.includes(' ')) {
    const alias = key.replace(/ /g, '');
    if (!(alias in out)) out[alias] = value;
  }
}

function putData(out: Obj, data: Obj): void {
  for (const [k, v] of Object.entries(data)) {
    if (k === '#attributes') continue;
    if (k === 'Data' && Array.isArray(v)) {
      // <Data Name="x">v</Data> rendered as a list.
      const unnamed: unknown[] = [];
      for (const d of v) {
        const name = attrs(d)?.Name;
        if (typeof name === 'string') {
          out[name] = nodeValue(d);
          addSpacelessAlias(out, name, nodeValue(d));
        } else unnamed.push(nodeValue(d));
      }
      if (unnamed.length) out.Data = unnamed.length === 1 ? unnamed[0] : unnamed;
      continue;
    }
    const name = attrs(v)?.Name;
    if (k === 'Data' && typeof name === 'string') {
      out[name] = nodeValue(v);
      continue;
    }
    out[k] = nodeValue(v);
    addSpacelessAlias(out, k, nodeValue(v));
  }
}

/**
 * Flatten an EVTX-to-JSON event (`{ Event: { System, EventData | UserData } }`) into the flat
 * field names Sigma rules use: `EventID`, `Channel`, `Provider_Name`, `Computer`,
 * `Security_UserID`, … plus every EventData field by its own name and the fields one level
 * below UserData.
 *
 * @example
 * flattenEvtxJson({ Event: { System: { EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational' }, EventData: { Image: 'C:\\x.exe' } } })
 * // { EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Image: 'C:\\x.exe' }
 */
export function flattenEvtxJson(event: Obj): Obj {
  const out: Obj = {};
  const sys = isObj(event.System) ? event.System : {};
  for (const [k, v] of Object.entries(sys)) {
    const a = attrs(v);
    if (a) {
      for (const [ak, av] of Object.entries(a)) out[`${k}_${ak}`] = av;
      if ('#text' in (v as Obj)) out[k] = (v as Obj)['#text'];
    } else if (!isObj(v)) out[k] = v;
  }
  if (isObj(event.EventData)) putData(out, event.EventData);
  else if (event.EventData !== undefined && event.EventData !== null) out.EventData = nodeValue(event.EventData);
  if (isObj(event.UserData)) {
    for (const [wrapper, inner] of Object.entries(event.UserData)) {
      if (wrapper === '#attributes') continue;
      if (isObj(inner)) putData(out, inner);
      else out[wrapper] = inner;
    }
  }
  return out;
}
