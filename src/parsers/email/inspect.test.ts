import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emailConfig } from './config.js';
import { inspectAttachment, zipMembers } from './inspect.js';
import { createEmailParser } from './parser.js';
import { makeZip, mailWithAttachment } from './testing.js';

describe('attachment inspection', () => {
  it('lists the members of a ZIP and finds the VBA project of a macro-enabled document', () => {
    const docm = makeZip([['[Content_Types].xml', '<Types/>'], ['word/document.xml', '<w/>'], ['word/vbaProject.bin', Buffer.alloc(64, 1)]]);
    expect(inspectAttachment(docm)).toEqual({ files: ['[Content_Types].xml', 'word/document.xml', 'word/vbaProject.bin'], macros: true });
    const docx = makeZip([['[Content_Types].xml', '<Types/>'], ['word/document.xml', '<w/>']]);
    expect(inspectAttachment(docx).macros).toBeUndefined();
  });

  it('sees the encryption flag of a password-protected archive', () => {
    expect(inspectAttachment(makeZip([['invoice.exe', 'MZ\x90\x00']], { encrypted: true }))).toMatchObject({ files: ['invoice.exe'], encrypted: true });
  });

  it('reads a ZIP written by the zip tool (deflated, with an archive comment)', () => {
    if (!existsSync('/usr/bin/zip')) return void console.warn('skipped: /usr/bin/zip is not installed');
    const dir = mkdtempSync(join(tmpdir(), 'ww-zip-'));
    writeFileSync(join(dir, 'scan.exe'), Buffer.alloc(5000, 7));
    writeFileSync(join(dir, 'readme.txt'), 'hello '.repeat(100));
    execFileSync('zip', ['-q', '-z', join(dir, 'a.zip'), 'scan.exe', 'readme.txt'], { cwd: dir, input: 'a comment\n' });
    const z = zipMembers(readFileSync(join(dir, 'a.zip')));
    expect(z?.names.sort()).toEqual(['readme.txt', 'scan.exe']);
    expect(z?.encrypted).toBe(false);
  });

  it('finds the _VBA_PROJECT stream of an OLE document and ignores truncated or foreign bytes', () => {
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(500), Buffer.from('_VBA_PROJECT', 'utf16le'), Buffer.alloc(100)]);
    expect(inspectAttachment(ole).macros).toBe(true);
    expect(inspectAttachment(Buffer.from('UEsDBBQABgAIAAAAIQ==', 'base64'))).toEqual({});
    expect(inspectAttachment(Buffer.from('%PDF-1.4 hello'))).toEqual({});
  });

  it('puts the findings on the e-mail event', () => {
    const p = createEmailParser(emailConfig.parse({}));
    const raw = mailWithAttachment('invoice.zip', 'application/zip', makeZip([['invoice.pdf.exe', 'MZ\x90\x00']]));
    const [e] = p.parse({ data: raw, source: 'test', receivedAt: 0 });
    const att = (e!.email as { attachments: Array<Record<string, unknown>> }).attachments[0]!;
    expect(att.archive).toEqual({ files: ['invoice.pdf.exe'] });
    expect(att.detected_mime_type).toBe('application/zip');
  });
});
