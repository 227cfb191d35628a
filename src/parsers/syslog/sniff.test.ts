import { describe, expect, it } from 'vitest';
import { sniffSyslog } from './sniff.js';

describe('sniffSyslog', () => {
  it('scores the share of lines with a syslog envelope', () => {
    expect(sniffSyslog(['<34>Oct 11 22:14:15 mymachine su: x', '2026-01-05T10:00:00Z h app: y', 'Dec 10 06:55:46 LabSZ sshd[1]: z'])).toBe(1);
    expect(sniffSyslog(['Dec 10 06:55:46 LabSZ sshd[1]: z', '', 'garbage'])).toBe(0.5);
    expect(sniffSyslog(['{"a":1}', 'plain text'])).toBe(0);
    expect(sniffSyslog([])).toBe(0);
  });
});
