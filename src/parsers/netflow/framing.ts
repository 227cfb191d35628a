/**
 * Records of an `nfdump -o json` document: its pretty-printed array becomes one compact JSON
 * string per flow; any other text (CSV, `-o json-log`) is split into lines. For use as
 * `ParserDef.framing` where whole files of `-o json` output are ingested (line framing, the
 * default, suits CSV and json-log and streams large files).
 *
 * @example
 * nfdumpFraming('[\n{\n "type" : "FLOW"\n}\n]') // ['{"type":"FLOW"}']
 */
export function nfdumpFraming(text: string): string[] {
  const t = text.trimStart();
  if (t.charCodeAt(0) === 91) {
    try {
      const v: unknown = JSON.parse(t);
      if (Array.isArray(v)) return v.map((x) => JSON.stringify(x));
    } catch {
      // Not one JSON document (cut, or CSV starting with "["): fall back to lines.
    }
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
