import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Alert } from '../../core/alert.js';

/** Wardwatch's version from the nearest package.json (src/ and dist/src/ alike). */
function productVersion(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  for (let n = 0; n < 6; n++, d = dirname(d)) {
    const p = join(d, 'package.json');
    if (existsSync(p)) {
      try { return String((JSON.parse(readFileSync(p, 'utf8')) as { version?: unknown }).version ?? '0'); } catch { return '0'; }
    }
  }
  return '0';
}
const VERSION = productVersion();

/** A CEF header field: `\` and `|` escaped; line breaks (not allowed in a header) become spaces. */
export function cefHeader(v: string): string {
  return v.replace(/[\r\n]+/g, ' ').replace(/\\/g, '\\\\').replace(/\|/g, '\\|');
}

/** A CEF extension value: `\`, `=` escaped, CR and LF written as `\r` and `\n`. */
export function cefValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/=/g, '\\=').replace(/\r\n|\n/g, '\\n').replace(/\r/g, '\\r');
}

/** CEF severity 0–10 of an alert's severity. */
const CEF_SEVERITY: Record<Alert['severity'], number> = { low: 3, medium: 5, high: 8, critical: 10 };
/** Syslog severity (RFC 5424) of an alert's severity. */
const SYSLOG_SEVERITY: Record<Alert['severity'], number> = { low: 5, medium: 4, high: 3, critical: 2 };

/**
 * The alert as one ArcSight CEF line: signature = detector (or Sigma rule), name = title, the
 * explanation in `msg`, the first user/address/host/device in the standard keys, every entity in `cs1`.
 *
 * @example
 * cefLine(alert) // 'CEF:0|Wardwatch|Wardwatch|0.1.0|auth.bruteforce|Brute force…|8|rt=… externalId=al_1 msg=40 failed…'
 */
export function cefLine(a: Alert): string {
  const first = (t: string) => a.entities.find((e) => e.type === t)?.id;
  const ext: Array<[string, string | undefined]> = [
    ['rt', String(Date.parse(a.time) || Date.now())],
    ['externalId', a.id],
    ['cat', a.detector],
    ['msg', a.explanation.text],
    ['suser', first('user') ?? first('account')],
    ['src', first('ip')],
    ['shost', first('host')],
    ['dvchost', first('device')],
    ['cs1Label', 'entities'],
    ['cs1', a.entities.map((e) => `${e.type}:${e.id}`).join(',')],
    ['cs2Label', 'techniques'],
    ['cs2', (a.techniques ?? []).join(',') || undefined],
  ];
  const extension = ext.filter(([k, v]) => v !== undefined && !(k === 'cs2Label' && !a.techniques?.length)).map(([k, v]) => `${k}=${cefValue(v!)}`).join(' ');
  return `CEF:0|Wardwatch|Wardwatch|${cefHeader(VERSION)}|${cefHeader(a.rule || a.detector)}|${cefHeader(a.title)}|${CEF_SEVERITY[a.severity]}|${extension}`;
}

/**
 * An RFC 5424 syslog message (facility local0) carrying the CEF line: what ArcSight, QRadar,
 * Sentinel's AMA and syslog-ng/rsyslog receivers expect.
 *
 * @example
 * syslog5424(alert) // '<131>1 2026-12-07T20:00:00.000Z wardwatch-01 wardwatch 4242 alert - CEF:0|…'
 */
export function syslog5424(a: Alert, host = hostname()): string {
  const pri = 16 * 8 + SYSLOG_SEVERITY[a.severity];
  const h = (host.replace(/[^\x21-\x7e]/g, '') || '-').slice(0, 255);
  return `<${pri}>1 ${new Date().toISOString()} ${h} wardwatch ${process.pid} alert - ${cefLine(a)}`;
}
