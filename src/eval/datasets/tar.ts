import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

/** One regular file of a tar archive. */
export interface TarEntry { name: string; data: Buffer }

/**
 * The regular files of a (gzipped) ustar/GNU tar archive, in archive order. Enough for the dataset
 * archives here: no sparse files; GNU long names (`L` entries) and pax `path` records are honoured.
 *
 * @example
 * for (const e of readTar('sample.tar.gz')) if (e.name.endsWith('.csv')) use(e.data);
 */
export function readTar(path: string): TarEntry[] {
  const raw = readFileSync(path);
  const buf = path.endsWith('.gz') || path.endsWith('.tgz') ? gunzipSync(raw) : raw;
  const out: TarEntry[] = [];
  let off = 0, longName: string | undefined;
  while (off + 512 <= buf.length) {
    const header = buf.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const str = (a: number, len: number) => header.subarray(a, a + len).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(str(124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 48);
    const prefix = str(345, 155);
    let name = longName ?? (prefix ? `${prefix}/${str(0, 100)}` : str(0, 100));
    longName = undefined;
    const data = buf.subarray(off + 512, off + 512 + size);
    if (type === 'L') longName = data.toString('utf8').replace(/\0.*$/s, '');
    else if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      if (m) longName = m[1];
    } else if (type === '0' || type === '\0') {
      if (name.startsWith('./')) name = name.slice(2);
      out.push({ name, data: Buffer.from(data) });
    }
    off += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}
