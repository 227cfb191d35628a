import { isIP } from 'node:net';
import { setField } from '../../core/event.js';
import type { DraftEvent } from '../common/draft-event.js';

/**
 * How an attribute value lands in ECS: the dotted path and the value's type (`ip` values that
 * are not addresses go to the sibling `domain`, non-numeric `number`s are skipped, `lower`
 * lower-cases, `mac` normalises to ECS `AA-BB-…`).
 *
 * @example
 * const t: Target = ['source.port', 'number'];
 */
export type Target = readonly [path: string, kind: 'string' | 'number' | 'ip' | 'lower' | 'mac'];

/**
 * Put `value` at `target` in `ev` (in place), converting by kind; also collects `related.ip` /
 * `related.user` / `related.hosts` for addresses, user names and host names. Returns false when
 * the value did not fit the kind (kept under `raw` only).
 *
 * @example
 * place(ev, ['source.ip', 'ip'], '10.0.0.1'); // ev.source.ip = '10.0.0.1', related.ip = ['10.0.0.1']
 */
export function place(ev: DraftEvent, target: Target, value: string): boolean {
  const [path, kind] = target;
  if (value.length === 0) return false;
  switch (kind) {
    case 'number': {
      const n = Number(value);
      if (!Number.isFinite(n) || value.trim().length === 0) return false;
      setField(ev, path, n);
      return true;
    }
    case 'ip': {
      if (isIP(value) === 0) {
        // A host name in an address field (some devices): keep it as the endpoint's domain.
        setField(ev, path.endsWith('.ip') ? `${path.slice(0, -3)}.domain` : path, value);
        related(ev, 'hosts', value);
        return true;
      }
      setField(ev, path, value);
      related(ev, 'ip', value);
      return true;
    }
    case 'lower':
      setField(ev, path, value.toLowerCase());
      return true;
    case 'mac':
      setField(ev, path, value.toUpperCase().replaceAll(':', '-'));
      return true;
    default:
      setField(ev, path, value);
      if (path.endsWith('user.name')) related(ev, 'user', value);
      else if (path.endsWith('.domain') && (path.startsWith('source') || path.startsWith('destination') || path.startsWith('host'))) related(ev, 'hosts', value);
      return true;
  }
}

function related(ev: DraftEvent, kind: 'ip' | 'user' | 'hosts', value: string): void {
  const r = (ev.related ??= {});
  const list = (r[kind] ??= []);
  if (!list.includes(value)) list.push(value);
}
