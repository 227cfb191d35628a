import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import type { RespondSettings } from '../../core/config.js';
import { parseDuration } from '../../core/duration.js';
import { readSecret } from './secret.js';
import { ActionRefused, type ActionDriver, type ActionInput } from './types.js';

type NacSettings = NonNullable<RespondSettings['nac']>;

/** What the gate says about an address found for a host (the engine's safety policy); undefined = allowed. */
export type AddressGuard = (address: string) => { reason: string; role?: 'biomed' } | undefined;

/** The host's address: the target itself when it is one, else what DNS says (none when it does not resolve). */
async function addressOf(target: string): Promise<string | undefined> {
  if (isIP(target)) return target;
  try {
    return (await lookup(target)).address;
  } catch {
    return undefined;
  }
}

/**
 * `isolate-host`: ask a NAC/EDR to isolate a host (`POST isolateUrl`) and publish its address on
 * the blocklist feed (the feed lists `done` isolate actions' addresses, as it does blocks); undo
 * posts `releaseUrl`, and the address leaves the feed as the action leaves `done`.
 * The shared secret goes in `secretHeader`, read when the call is made, never logged or echoed.
 * A host name is resolved and its address passes the safety gate again (`guard`): a host named
 * by name but configured as a protected address waits for a biomed approval (allow-listed: never).
 *
 * @example
 * POST https://nac.example/isolate  { "action": "isolate", "host": "ws-042", "address": "10.1.2.3", … }
 */
export function isolateHostDriver(nac: NacSettings, guard: AddressGuard = () => undefined): ActionDriver {
  const ms = parseDuration(nac.timeout);
  /** What the NAC acknowledged, when it has no status endpoint to ask. */
  const acked = new Map<string, boolean>();
  const headers = (i: ActionInput, verb: string): Record<string, string> => {
    const secret = readSecret({ file: nac.secretFile, env: nac.secretEnv }, 'respond.nac.secret');
    return { 'content-type': 'application/json', 'idempotency-key': `${i.id}:${verb}`, ...(secret ? { [nac.secretHeader]: secret } : {}) };
  };
  const post = async (url: string, i: ActionInput, body: Record<string, unknown>): Promise<void> => {
    const res = await fetch(url, { method: 'POST', headers: headers(i, String(body.action)), body: JSON.stringify(body), signal: AbortSignal.timeout(ms) });
    await res.arrayBuffer();
    // Only the host and status: the URL's query or the secret could be sensitive.
    if (!res.ok) throw new Error(`NAC ${new URL(url).host} answered HTTP ${res.status} to ${String(body.action)}`);
  };
  const status = async (i: ActionInput): Promise<boolean> => {
    if (!nac.statusUrl) return acked.get(i.id) === true;
    const u = new URL(nac.statusUrl);
    u.searchParams.set('host', i.target);
    const res = await fetch(u, { headers: headers(i, 'status'), signal: AbortSignal.timeout(ms) });
    if (!res.ok) { await res.arrayBuffer(); throw new Error(`NAC ${u.host} status answered HTTP ${res.status}`); }
    const j = (await res.json()) as { isolated?: unknown };
    return j.isolated === true;
  };
  return {
    type: 'isolate-host',
    disruptive: true,
    async do(i) {
      const address = (i.params.undo as { address?: string } | undefined)?.address ?? (await addressOf(i.target));
      if (address && address !== i.target) {
        const no = guard(address);
        // A protected address waits for biomed (and runs once they approve); an allow-listed one never runs.
        if (no && !(no.role === 'biomed' && i.biomedApproved)) throw new ActionRefused(`${i.target} is ${address}: ${no.reason}`, no.role);
      }
      const a = i.alert;
      // The same action id on a retry: the NAC sees the same Idempotency-Key and host.
      await post(nac.isolateUrl, i, {
        action: 'isolate', host: i.target, address: address ?? null, actionId: i.id, expiresInSeconds: Math.ceil(i.expiryMs / 1000),
        alert: a ? { id: a.id, title: a.title, severity: a.severity, detector: a.detector } : null,
      });
      acked.set(i.id, true);
      return address ? { address } : {};
    },
    async undo(i) {
      const address = (i.params.undo as { address?: string } | undefined)?.address ?? null;
      await post(nac.releaseUrl, i, { action: 'release', host: i.target, address, actionId: i.id });
      acked.set(i.id, false);
    },
    verify: status,
  };
}
