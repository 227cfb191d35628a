/**
 * Split one CSV line (RFC 4180 quoting: `"a,b"`, `""` for a quote). PAN-OS quotes URL, threat
 * and user-agent fields that may hold commas.
 *
 * @example
 * splitCsv('1,"a,b",c') // ['1', 'a,b', 'c']
 */
export function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else quoted = false;
      } else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}
