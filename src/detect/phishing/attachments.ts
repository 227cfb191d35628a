import type { Signal } from './signals.js';
import type { MailView } from './view.js';

/** Extensions Windows runs (or hands to a script host) when the reader double-clicks. */
const EXECUTABLE = new Set(['exe', 'scr', 'com', 'pif', 'bat', 'cmd', 'js', 'jse', 'vbs', 'vbe', 'wsf', 'wsh', 'ps1', 'hta', 'jar', 'msi', 'msp', 'cpl', 'dll', 'reg', 'application', 'appx', 'msix', 'appref-ms', 'xll', 'gadget', 'sct', 'lnk', 'url', 'scf', 'inf', 'elf', 'sh', 'apk']);
const MACRO_EXT = new Set(['docm', 'dotm', 'xlsm', 'xltm', 'xlam', 'pptm', 'potm', 'ppam', 'ppsm', 'sldm']);
/** Containers that carry payloads past filters: HTML smuggling, disk images, shortcuts, OneNote. */
const CONTAINER_EXT = new Set(['html', 'htm', 'shtml', 'xhtml', 'svg', 'iso', 'img', 'vhd', 'vhdx', 'lnk', 'one', 'onepkg']);
const CONTAINER_MIME = new Set(['text/html', 'application/x-iso9660-image', 'application/x-ms-shortcut', 'application/onenote']);
const EXE_MIME = new Set(['application/x-dosexec', 'application/x-elf']);
const DOC_EXT = /\.(pdf|docx?|xlsx?|pptx?|rtf|txt|jpe?g|png|gif|csv|zip)\.[a-z0-9]{2,5}$/i;

const ext = (name: string) => /\.([a-z0-9]{1,12})$/i.exec(name)?.[1]?.toLowerCase();

/**
 * What the attachments are: executables and scripts, macro-enabled Office files, HTML/ISO/LNK/
 * OneNote containers, archives that hold executables or are password-protected, content whose
 * magic bytes contradict its name, and double extensions (`invoice.pdf.exe`).
 *
 * @example
 * attachmentSignals(mailView(event)) // [{ id: 'attachment.macros', value: 1, observed: 'invoice_4471.docm' }]
 */
export function attachmentSignals(v: MailView): Signal[] {
  const out = new Map<string, Signal>();
  const put = (s: Signal) => {
    if (!out.has(s.id)) out.set(s.id, s);
  };
  for (const a of v.attachments) {
    const name = a.file.name ?? '(unnamed)';
    const e = a.file.extension ?? ext(name);
    const declared = (a.file.mime_type ?? '').toLowerCase();
    if ((e && EXECUTABLE.has(e)) || (a.detected_mime_type && EXE_MIME.has(a.detected_mime_type))) put({ id: 'attachment.executable', value: 1, observed: name });
    if (a.macros || (e && MACRO_EXT.has(e)) || declared.includes('macroenabled')) put({ id: 'attachment.macros', value: 1, observed: a.macros ? `${name} (VBA project inside)` : name });
    if ((e && CONTAINER_EXT.has(e)) || (a.detected_mime_type && CONTAINER_MIME.has(a.detected_mime_type))) put({ id: 'attachment.container', value: 1, observed: name });
    if (a.type_mismatch) put({ id: 'attachment.type_mismatch', value: 1, observed: `${name} is ${a.detected_mime_type ?? 'something else'}` });
    if (DOC_EXT.test(name) && e && (EXECUTABLE.has(e) || CONTAINER_EXT.has(e))) put({ id: 'attachment.double_extension', value: 1, observed: name });
    if (a.archive) {
      const inner = a.archive.files.find((f) => {
        const x = ext(f);
        return x !== undefined && (EXECUTABLE.has(x) || x === 'iso' || x === 'img');
      });
      if (inner) put({ id: 'attachment.archive_executable', value: 1, observed: `${name} contains ${inner}` });
      if (a.archive.encrypted) put({ id: 'attachment.encrypted_archive', value: 1, observed: name });
    }
  }
  return [...out.values()];
}
