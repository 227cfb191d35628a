/**
 * The key=value body of a Linux audit record. Values are unquoted, `"double quoted"`, or
 * `'single quoted'` (the `msg='…'` of user-space records, itself key=value text). Strings
 * the kernel does not trust (names, paths, command lines) are written hex-encoded when they
 * contain spaces, quotes or control characters, and quoted otherwise; see
 * docs/formats/auditd.md. auditd's ENRICHED format appends the interpreted values (`UID="root"`)
 * after a 0x1d (group separator) character.
 */

/** Fields whose unquoted value is hex-encoded (audit-userspace `auparse` "escaped" fields). */
const ENCODED = new Set(['acct', 'cmd', 'comm', 'cwd', 'data', 'dir', 'exe', 'file', 'grp', 'key', 'name', 'new-chardev', 'new-disk', 'new-fs', 'new-net', 'new-rng', 'ocomm', 'old-chardev', 'old-disk', 'old-fs', 'old-net', 'old-rng', 'path', 'proctitle', 'root_dir', 'vm', 'watch']);
const HEX = /^(?:[0-9A-F]{2})+$/;

/**
 * A record's fields in order of appearance, after un-quoting and hex-decoding, plus the
 * interpreted (ENRICHED) values. A later duplicate key does not overwrite an earlier one
 * (`msg='… res=success'` inside a record never hides the record's own fields).
 *
 * @example
 * const f: AuditFields = { fields: { pid: '1', exe: '/bin/ls' }, interpreted: { UID: 'root' } };
 */
export interface AuditFields {
  fields: Record<string, string>;
  interpreted: Record<string, string>;
}

function decodeHex(v: string): string {
  // NULs separate argv in PROCTITLE; a space reads better in a command line.
  return Buffer.from(v, 'hex').toString('utf8').replace(/\0+$/, '').replace(/\0/g, ' ');
}

/**
 * Whether `key`'s unquoted value should be read as hex. `aN` (EXECVE arguments) and
 * `aN[i]` (their chunks) are encoded too, but only in EXECVE records: SYSCALL's `a0`…`a3`
 * are raw register values in hex, which must stay as they are.
 */
function isEncoded(key: string, execve: boolean): boolean {
  if (ENCODED.has(key)) return true;
  return execve && /^a\d+(\[\d+\])?$/.test(key);
}

/**
 * Read `key=value …` starting at `start` into `out` (first occurrence wins).
 *
 * @example
 * const out: AuditFields = { fields: {}, interpreted: {} };
 * readAuditFields('pid=1 exe="/bin/ls" msg=\'op=login acct=616C696365 res=success\'', 0, out, false);
 * out.fields // { pid: '1', exe: '/bin/ls', op: 'login', acct: 'alice', res: 'success' }
 */
export function readAuditFields(s: string, start: number, out: AuditFields, execve: boolean): void {
  let i = start;
  let target = out.fields;
  const n = s.length;
  // The next `=` is remembered, so lines of bare words do not make the scan quadratic.
  let nextEq = -2;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === 0x1d) {
      target = out.interpreted;
      i++;
      continue;
    }
    if (c === 32 || c === 9 || c === 44) {
      i++;
      continue;
    }
    if (nextEq !== -1 && nextEq < i) nextEq = s.indexOf('=', i);
    const eq = nextEq;
    const sp = nextSpace(s, i);
    if (eq < 0 || eq > sp) {
      // A bare word (AVC's `avc:  denied  { read } for`): kept under `_` for the AVC reader.
      const word = s.slice(i, sp);
      target._words = target._words === undefined ? word : `${target._words} ${word}`;
      i = sp;
      continue;
    }
    const key = s.slice(i, eq);
    i = eq + 1;
    const q = s.charCodeAt(i);
    let value: string;
    if (q === 34 || q === 39) {
      const close = s.indexOf(q === 34 ? '"' : "'", i + 1);
      const end = close < 0 ? n : close;
      value = s.slice(i + 1, end);
      i = close < 0 ? n : close + 1;
      if (q === 39 && key === 'msg') {
        // The user-space message is itself key=value text.
        readAuditFields(value, 0, out, execve);
        continue;
      }
    } else {
      const end = nextSpace(s, i);
      value = s.slice(i, end);
      i = end;
      if (isEncoded(key, execve) && HEX.test(value)) value = decodeHex(value);
    }
    if (!(key in target)) target[key] = value;
  }
}

function nextSpace(s: string, i: number): number {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32 || c === 9 || c === 0x1d) return i;
  }
  return s.length;
}
