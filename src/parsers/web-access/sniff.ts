import { scanAccessLine } from './access-line.js';
import { parseClfTime } from './clf-time.js';
import { parseErrorLine } from './error-line.js';

const SAMPLE = 50;

function share(lines: string[], test: (line: string) => boolean): number {
  let seen = 0;
  let ok = 0;
  for (const raw of lines) {
    if (seen >= SAMPLE) break;
    const line = raw.trimEnd();
    if (line.length === 0) continue;
    seen++;
    try {
      if (test(line)) ok++;
    } catch {
      // Not this format: counts against the score.
    }
  }
  return seen === 0 ? 0 : ok / seen;
}

/**
 * Share (0..1) of sample lines that are Common/Combined Log Format lines with a valid time.
 *
 * @example
 * sniffWebAccess(['127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326']) // 1
 */
export function sniffWebAccess(lines: string[]): number {
  return share(lines, (l) => parseClfTime(scanAccessLine(l).time) !== undefined);
}

/**
 * Share (0..1) of sample lines that are Apache or nginx error-log lines.
 *
 * @example
 * sniffApacheError(['[Sun Dec 04 04:47:44 2005] [notice] workerEnv.init() ok /etc/httpd/conf/workers2.properties']) // 1
 */
export function sniffApacheError(lines: string[]): number {
  return share(lines, (l) => parseErrorLine(l).level.length > 0);
}

/**
 * Confidence (0..1) that lines are a W3C extended log: 1 when a `#Software:`/`#Fields:` directive
 * with W3C field names is in the sample, else 0 (rows alone look like any space-separated text).
 *
 * @example
 * sniffIisW3c(['#Software: Microsoft Internet Information Services 10.0', '#Fields: date time s-ip cs-method']) // 1
 */
export function sniffIisW3c(lines: string[]): number {
  for (const line of lines.slice(0, SAMPLE)) {
    if (line.startsWith('#Fields:') && (line.includes(' cs-') || line.includes(' sc-') || line.includes(' c-ip'))) return 1;
    if (line.startsWith('#Software: Microsoft Internet Information Services')) return 1;
  }
  return 0;
}
