/**
 * File type of an attachment from its first bytes, and whether that contradicts the type
 * the sender declared (Content-Type) or implied (file name extension): an `invoice.pdf`
 * that is a Windows executable is what a phishing detector wants to know.
 */

interface Magic {
  mime: string;
  test: (b: Buffer) => boolean;
  /** Extensions and declared types this content may legitimately wear. */
  exts: string[];
  mimes: string[];
}

const starts = (sig: number[], at = 0) => (b: Buffer) => b.length >= at + sig.length && sig.every((v, i) => b[at + i] === v);
const ascii = (s: string, at = 0) => starts([...s].map((c) => c.charCodeAt(0)), at);

const OFFICE_ZIP = ['docx', 'docm', 'xlsx', 'xlsm', 'pptx', 'pptm', 'odt', 'ods', 'odp', 'jar', 'apk', 'epub', 'zip', 'xpi', 'kmz', 'vsdx'];
const MAGICS: Magic[] = [
  { mime: 'application/pdf', test: ascii('%PDF-'), exts: ['pdf'], mimes: ['application/pdf', 'application/x-pdf'] },
  { mime: 'application/zip', test: starts([0x50, 0x4b, 0x03, 0x04]), exts: OFFICE_ZIP, mimes: ['application/zip', 'application/x-zip-compressed', 'application/x-zip', 'application/vnd.openxmlformats-officedocument.', 'application/vnd.oasis.opendocument.', 'application/vnd.ms-', 'application/java-archive', 'application/epub+zip'] },
  { mime: 'application/x-ole-storage', test: starts([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), exts: ['doc', 'xls', 'ppt', 'msg', 'msi', 'pub', 'vsd', 'dot', 'xlt'], mimes: ['application/msword', 'application/vnd.ms-', 'application/x-msi', 'application/vnd.ms-outlook', 'application/x-ole-storage'] },
  { mime: 'application/x-dosexec', test: ascii('MZ'), exts: ['exe', 'dll', 'scr', 'com', 'sys', 'cpl', 'ocx', 'drv', 'efi'], mimes: ['application/x-dosexec', 'application/x-msdownload', 'application/x-msdos-program', 'application/x-executable', 'application/vnd.microsoft.portable-executable', 'application/exe'] },
  { mime: 'application/x-elf', test: starts([0x7f, 0x45, 0x4c, 0x46]), exts: ['elf', 'so', 'bin', 'o'], mimes: ['application/x-elf', 'application/x-executable', 'application/x-sharedlib'] },
  { mime: 'image/png', test: starts([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), exts: ['png'], mimes: ['image/png', 'image/x-png'] },
  { mime: 'image/jpeg', test: starts([0xff, 0xd8, 0xff]), exts: ['jpg', 'jpeg', 'jpe', 'jfif'], mimes: ['image/jpeg', 'image/jpg', 'image/pjpeg'] },
  { mime: 'image/gif', test: (b) => ascii('GIF87a')(b) || ascii('GIF89a')(b), exts: ['gif'], mimes: ['image/gif'] },
  { mime: 'image/bmp', test: (b) => ascii('BM')(b) && b.length > 14, exts: ['bmp', 'dib'], mimes: ['image/bmp', 'image/x-bmp', 'image/x-ms-bmp'] },
  { mime: 'image/tiff', test: (b) => starts([0x49, 0x49, 0x2a, 0x00])(b) || starts([0x4d, 0x4d, 0x00, 0x2a])(b), exts: ['tif', 'tiff'], mimes: ['image/tiff'] },
  { mime: 'application/x-rar-compressed', test: ascii('Rar!\x1a\x07'), exts: ['rar'], mimes: ['application/x-rar-compressed', 'application/vnd.rar', 'application/x-rar'] },
  { mime: 'application/x-7z-compressed', test: starts([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]), exts: ['7z'], mimes: ['application/x-7z-compressed'] },
  { mime: 'application/gzip', test: starts([0x1f, 0x8b]), exts: ['gz', 'tgz'], mimes: ['application/gzip', 'application/x-gzip', 'application/x-compressed-tar'] },
  { mime: 'application/rtf', test: ascii('{\\rtf'), exts: ['rtf', 'doc'], mimes: ['application/rtf', 'text/rtf', 'application/msword'] },
  { mime: 'application/x-iso9660-image', test: ascii('CD001', 0x8001), exts: ['iso', 'img'], mimes: ['application/x-iso9660-image', 'application/octet-stream'] },
  { mime: 'application/x-ms-shortcut', test: starts([0x4c, 0x00, 0x00, 0x00, 0x01, 0x14, 0x02, 0x00]), exts: ['lnk'], mimes: ['application/x-ms-shortcut'] },
  { mime: 'application/onenote', test: starts([0xe4, 0x52, 0x5c, 0x7b, 0x8c, 0xd8, 0xa7, 0x4d]), exts: ['one', 'onetoc2'], mimes: ['application/onenote', 'application/msonenote'] },
  { mime: 'application/vnd.ms-cab-compressed', test: ascii('MSCF'), exts: ['cab'], mimes: ['application/vnd.ms-cab-compressed'] },
  { mime: 'text/html', test: (b) => /^\s*<(!doctype html|html|head|body|script)\b/i.test(b.subarray(0, 256).toString('latin1')), exts: ['html', 'htm', 'shtml', 'xhtml', 'hta'], mimes: ['text/html', 'application/xhtml+xml', 'application/hta'] },
];

/** Declared types that say nothing about the content, so they contradict nothing. */
const VAGUE = new Set(['application/octet-stream', 'application/unknown', 'application/x-unknown', 'binary/octet-stream', 'application/force-download', '']);

/**
 * What the bytes say an attachment is, and whether that contradicts the declared type or
 * the file name's extension. `detected` is `undefined` for content with no known signature
 * (plain text, CSV, …), which contradicts nothing.
 *
 * @example
 * sniffAttachment(Buffer.from('MZ\x90\x00'), 'application/pdf', 'invoice.pdf')
 * // { detected: 'application/x-dosexec', mismatch: true }
 */
export function sniffAttachment(content: Buffer, declared: string, filename: string | undefined): { detected?: string; mismatch: boolean } {
  const m = MAGICS.find((x) => x.test(content));
  if (!m) return { mismatch: false };
  const ext = extensionOf(filename);
  const extBad = ext !== undefined && !m.exts.includes(ext);
  const d = declared.toLowerCase();
  const mimeBad = !VAGUE.has(d) && !m.mimes.some((x) => (x.endsWith('.') ? d.startsWith(x) : d === x));
  return { detected: m.mime, mismatch: extBad || mimeBad };
}

/**
 * Lower-case extension of a file name, without the dot.
 *
 * @example
 * extensionOf('Invoice.PDF') // 'pdf'
 * extensionOf('README') // undefined
 */
export function extensionOf(filename: string | undefined): string | undefined {
  if (!filename) return undefined;
  const dot = filename.lastIndexOf('.');
  if (dot <= 0 || dot === filename.length - 1) return undefined;
  const ext = filename.slice(dot + 1).toLowerCase().trim();
  return /^[a-z0-9]{1,10}$/.test(ext) ? ext : undefined;
}
