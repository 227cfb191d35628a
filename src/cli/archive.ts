import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { gunzipSync, inflateRawSync } from 'node:zlib';
import { WardError } from '../core/errors.js';

/** Files a rule archive is read for: rules, the licence and the source manifest. */
const WANTED = /(\.ya?ml|(^|\/)LICENSE[^/]*|(^|\/)MANIFEST\.txt|(^|\/)README\.md)$/i;
/** Refuse archives that unpack to more than this: a rule set is a few MB; this is a zip bomb. */
const MAX_TOTAL = 512 * 1024 * 1024;

/** One file of an archive. */
export interface ArchiveEntry {
  path: string;
  data: Buffer;
}

function safePath(name: string, archive: string): string | undefined {
  const p = name.replace(/\\/g, '/');
  if (p.endsWith('/')) return undefined;
  if (p.startsWith('/') || /^[a-z]:/i.test(p) || p.split('/').includes('..')) {
    throw new WardError('parse.failed', `archive entry escapes the destination: ${name}`, archive);
  }
  return normalize(p);
}

function octal(buf: Buffer, start: number, len: number): number {
  const s = buf.toString('latin1', start, start + len).replace(/\0.*$/, '').trim();
  return s ? parseInt(s, 8) : 0;
}

/**
 * Read the regular files of a tar stream (ustar, pax and GNU long names).
 *
 * @example
 * readTar(gunzipSync(readFileSync('sigma.tar.gz')), 'sigma.tar.gz').length
 */
export function readTar(buf: Buffer, archive: string): ArchiveEntry[] {
  const out: ArchiveEntry[] = [];
  let off = 0;
  let longName: string | undefined;
  let total = 0;
  while (off + 512 <= buf.length) {
    const header = buf.subarray(off, off + 512);
    if (header.every((b) => b === 0)) break;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0x30);
    const magic = header.toString('latin1', 257, 262);
    let name = header.toString('utf8', 0, 100).replace(/\0.*$/s, '');
    const prefix = magic === 'ustar' ? header.toString('utf8', 345, 500).replace(/\0.*$/s, '') : '';
    if (prefix) name = `${prefix}/${name}`;
    const data = buf.subarray(off + 512, off + 512 + size);
    if (data.length < size) throw new WardError('parse.failed', `truncated tar entry ${name}`, archive);
    off += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') {
      longName = data.toString('utf8').replace(/\0.*$/s, '');
      continue;
    }
    if (type === 'x') {
      const m = /\d+ path=([^\n]*)\n/.exec(data.toString('utf8'));
      if (m) longName = m[1];
      continue;
    }
    if (type === 'g') continue;
    const path = longName ?? name;
    longName = undefined;
    if (type !== '0' && type !== '\0') continue; // directories, links, devices: not rule files
    const safe = safePath(path, archive);
    if (!safe || !WANTED.test(safe)) continue;
    total += size;
    if (total > MAX_TOTAL) throw new WardError('parse.failed', 'archive unpacks to more than 512 MiB', archive);
    out.push({ path: safe, data: Buffer.from(data) });
  }
  return out;
}

/**
 * Read the files of a zip archive (stored or deflated entries; no ZIP64, no encryption).
 *
 * @example
 * readZip(readFileSync('sigma-master.zip'), 'sigma-master.zip').map((e) => e.path)
 */
export function readZip(buf: Buffer, archive: string): ArchiveEntry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new WardError('parse.failed', 'not a zip archive (no end of central directory)', archive);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (p === 0xffffffff || count === 0xffff) throw new WardError('parse.failed', 'ZIP64 archives are not supported; unpack it and pass the folder', archive);
  const out: ArchiveEntry[] = [];
  let total = 0;
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new WardError('parse.failed', `corrupt central directory at entry ${n}`, archive);
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const usize = buf.readUInt32LE(p + 24);
    const nlen = buf.readUInt16LE(p + 28);
    const elen = buf.readUInt16LE(p + 30);
    const clen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nlen);
    p += 46 + nlen + elen + clen;
    const safe = safePath(name, archive);
    if (!safe || !WANTED.test(safe)) continue;
    if (flags & 1) throw new WardError('parse.failed', `encrypted zip entry ${name}`, archive);
    total += usize;
    if (total > MAX_TOTAL) throw new WardError('parse.failed', 'archive unpacks to more than 512 MiB', archive);
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(start, start + csize);
    let data: Buffer;
    if (method === 0) data = Buffer.from(raw);
    else if (method === 8) data = inflateRawSync(raw, { maxOutputLength: Math.max(usize, 1) });
    else throw new WardError('parse.failed', `zip entry ${name} uses unsupported compression method ${method}`, archive);
    out.push({ path: safe, data });
  }
  return out;
}

/**
 * Unpack a `.tar.gz`/`.tgz`/`.tar`/`.zip` rule archive into `dest` (rule files, licence and
 * manifest only) and return the folder to read: the single top-level folder GitHub archives
 * have (`sigma-master/`), or `dest`.
 *
 * @example
 * const root = extractArchive('sigma-r2025-01-01.zip', tmp)
 */
export function extractArchive(file: string, dest: string): string {
  const buf = readFileSync(file);
  let entries: ArchiveEntry[];
  if (/\.zip$/i.test(file)) entries = readZip(buf, file);
  else if (/\.(tar\.gz|tgz)$/i.test(file)) entries = readTar(gunzipSync(buf), file);
  else if (/\.tar$/i.test(file)) entries = readTar(buf, file);
  else throw new WardError('parse.failed', 'expected a folder, .tar.gz, .tgz, .tar or .zip', file);
  if (!entries.length) throw new WardError('parse.failed', 'the archive holds no .yml rule files', file);
  for (const e of entries) {
    const target = join(dest, e.path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, e.data);
  }
  const tops = new Set(entries.map((e) => e.path.split('/')[0]));
  const only = [...tops][0];
  return tops.size === 1 && only !== undefined && entries.every((e) => e.path.includes('/')) ? join(dest, only) : dest;
}
