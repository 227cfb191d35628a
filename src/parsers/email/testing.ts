import { crc32 } from 'node:zlib';

/**
 * Build a real (stored, uncompressed) ZIP archive in memory, for tests of attachment
 * inspection: local headers, central directory and end record as any unzip tool writes them.
 * `encrypted` sets the traditional-encryption flag on every member (the bytes are not
 * actually encrypted; the flag is what a mail filter can see without the password).
 *
 * @example
 * const docm = makeZip([['[Content_Types].xml', '<Types/>'], ['word/vbaProject.bin', 'x']]);
 */
export function makeZip(entries: Array<[string, string | Buffer]>, opts: { encrypted?: boolean } = {}): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const flags = (opts.encrypted ? 1 : 0) | 0x800;
  for (const [name, data] of entries) {
    const body = Buffer.isBuffer(data) ? data : Buffer.from(data);
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = crc32(body);
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0);
    lh.writeUInt16LE(20, 4);
    lh.writeUInt16LE(flags, 6);
    lh.writeUInt32LE(crc, 14);
    lh.writeUInt32LE(body.length, 18);
    lh.writeUInt32LE(body.length, 22);
    lh.writeUInt16LE(nameBuf.length, 26);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0);
    ch.writeUInt16LE(20, 4);
    ch.writeUInt16LE(20, 6);
    ch.writeUInt16LE(flags, 8);
    ch.writeUInt32LE(crc, 16);
    ch.writeUInt32LE(body.length, 20);
    ch.writeUInt32LE(body.length, 24);
    ch.writeUInt16LE(nameBuf.length, 28);
    ch.writeUInt32LE(offset, 42);
    locals.push(lh, nameBuf, body);
    central.push(ch, nameBuf);
    offset += 30 + nameBuf.length + body.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/**
 * A multipart message with one text part and one base64 attachment, for tests.
 *
 * @example
 * mailWithAttachment('invoice.docm', 'application/vnd.ms-word.document.macroEnabled.12', bytes)
 */
export function mailWithAttachment(filename: string, mime: string, content: Buffer, headers = 'From: "Accounts" <billing@supplier.example>\nTo: nurse@hospital.example\nSubject: Invoice\n'): string {
  const b64 = content.toString('base64').replace(/.{76}/g, '$&\n');
  return `${headers}MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary="b1"\n\n--b1\nContent-Type: text/plain\n\nPlease see the attached file.\n--b1\nContent-Type: ${mime}; name="${filename}"\nContent-Disposition: attachment; filename="${filename}"\nContent-Transfer-Encoding: base64\n\n${b64}\n--b1--\n`;
}
