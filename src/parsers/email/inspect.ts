/**
 * What is inside an attachment, read from its bytes without running or unpacking anything:
 * the member names of a ZIP (from its central directory, so an OOXML document's
 * `vbaProject.bin` or an archive's `invoice.exe` shows), whether any member is encrypted, and
 * whether an OLE (legacy Office) file carries a VBA project. Phishing hides payloads exactly
 * there, and the bytes are gone once the event is stored, so the parser records it.
 */

/** Findings about one attachment's content; empty when nothing was found. */
export interface AttachmentInside {
  /** Member names of a ZIP archive (at most 100). */
  files?: string[];
  /** Members beyond the 100 listed. */
  files_omitted?: number;
  /** At least one ZIP member is encrypted (password-protected archive). */
  encrypted?: boolean;
  /** A VBA macro project is present (OOXML `vbaProject.bin`, or an OLE `_VBA_PROJECT` stream). */
  macros?: boolean;
}

const MAX_FILES = 100;
const EOCD = 0x06054b50;
const CDH = 0x02014b50;

/**
 * List a ZIP's members from its central directory (no decompression).
 *
 * @example
 * zipMembers(buf) // { names: ['word/document.xml', 'word/vbaProject.bin'], encrypted: false, total: 2 }
 */
export function zipMembers(b: Buffer): { names: string[]; encrypted: boolean; total: number } | undefined {
  if (b.length < 22) return undefined;
  // The end-of-central-directory record is within the last 64 KiB + 22 bytes (comment ≤ 65535).
  const stop = Math.max(0, b.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = b.length - 22; i >= stop; i--) {
    if (b.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return undefined;
  const total = b.readUInt16LE(eocd + 10);
  let p = b.readUInt32LE(eocd + 16);
  const names: string[] = [];
  let encrypted = false;
  for (let n = 0; n < total; n++) {
    if (p + 46 > b.length || b.readUInt32LE(p) !== CDH) break;
    const flags = b.readUInt16LE(p + 8);
    const nameLen = b.readUInt16LE(p + 28);
    const extraLen = b.readUInt16LE(p + 30);
    const commentLen = b.readUInt16LE(p + 32);
    if (flags & 1) encrypted = true;
    if (names.length < MAX_FILES) names.push(b.subarray(p + 46, p + 46 + nameLen).toString(flags & 0x800 ? 'utf8' : 'latin1'));
    p += 46 + nameLen + extraLen + commentLen;
  }
  return { names, encrypted, total };
}

const OLE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
// Directory entry names are UTF-16LE; a VBA project always has a `_VBA_PROJECT` stream.
const VBA_STREAM = Buffer.from('_VBA_PROJECT', 'utf16le');

/**
 * Inspect an attachment's bytes: ZIP members and encryption, VBA macros in OOXML or OLE.
 *
 * @example
 * inspectAttachment(docmBytes) // { files: ['[Content_Types].xml', 'word/vbaProject.bin', …], macros: true }
 */
export function inspectAttachment(content: Buffer): AttachmentInside {
  const out: AttachmentInside = {};
  if (content.length >= 4 && content.readUInt32LE(0) === 0x04034b50) {
    const z = zipMembers(content);
    if (z) {
      out.files = z.names;
      if (z.total > z.names.length) out.files_omitted = z.total - z.names.length;
      if (z.encrypted) out.encrypted = true;
      if (z.names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n))) out.macros = true;
    }
  } else if (content.subarray(0, 8).equals(OLE) && content.includes(VBA_STREAM)) {
    out.macros = true;
  }
  return out;
}
