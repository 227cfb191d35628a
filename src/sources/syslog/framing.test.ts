import { describe, expect, it } from 'vitest';
import { SyslogFramer } from './framing.js';

describe('SyslogFramer', () => {
  it('splits octet-counted and newline-framed messages, across chunk boundaries', () => {
    const f = new SyslogFramer(1024);
    const msg = '<34>1 2026-01-01T00:00:00Z h a - - - héllo';
    const framed = `${Buffer.byteLength(msg)} ${msg}<13>Jan  1 00:00:00 h x: plain\r\n`;
    const bytes = Buffer.from(framed);
    const out = [...f.push(bytes.subarray(0, 7)), ...f.push(bytes.subarray(7, 30)), ...f.push(bytes.subarray(30))];
    expect(out).toEqual([msg, '<13>Jan  1 00:00:00 h x: plain']);
  });

  it('returns a final line without a newline at end of stream', () => {
    const f = new SyslogFramer(1024);
    expect(f.push(Buffer.from('a\nb'))).toEqual(['a']);
    expect(f.end()).toBe('b');
  });

  it('keeps newline framing for the rest of a connection once it has seen it', () => {
    const f = new SyslogFramer(1024);
    expect(f.push(Buffer.from('<13>first\n12 monkeys were here\n'))).toEqual(['<13>first', '12 monkeys were here']);
  });

  it('treats a line that starts with digits but no space as newline-framed', () => {
    const f = new SyslogFramer(1024);
    expect(f.push(Buffer.from('2026-01-01 msg\n'))).toEqual(['2026-01-01 msg']);
  });

  it('reports an oversized octet-counted frame and resynchronises after it', () => {
    const f = new SyslogFramer(10);
    const out = [...f.push(Buffer.from('20 0123456789')), ...f.push(Buffer.from('abcdefghij5 hello'))];
    expect(typeof out[0]).toBe('object');
    expect((out[0] as { error: string }).error).toMatch(/exceeds the 10-byte limit/);
    expect(out[1]).toBe('hello');
  });
});
