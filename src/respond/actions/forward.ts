import { createSocket } from 'node:dgram';
import { isIPv6 } from 'node:net';
import { connect } from 'node:net';
import { syslog5424 } from './cef.js';
import type { ActionDriver } from './types.js';

function sendUdp(host: string, port: number, msg: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = createSocket(isIPv6(host) ? 'udp6' : 'udp4');
    sock.once('error', (err) => { sock.close(); reject(err); });
    sock.send(msg, port, host, (err) => { sock.close(); if (err) reject(err); else resolve(); });
  });
}

/** RFC 6587 octet counting: `LEN SP MSG`, so a receiver never splits on a newline inside the message. */
function sendTcp(host: string, port: number, msg: Buffer, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const sock = connect({ host, port });
    sock.setTimeout(timeoutMs, () => sock.destroy(new Error(`syslog ${host}:${port}: timed out`)));
    sock.once('error', reject);
    sock.once('connect', () => {
      sock.end(Buffer.concat([Buffer.from(`${msg.length} `), msg]));
    });
    sock.once('close', (hadError) => { if (!hadError) resolve(); });
  });
}

/**
 * `forward`: send the alert to another SIEM as an ArcSight CEF line inside an RFC 5424 syslog
 * message, over UDP (one datagram) or TCP (octet counting, RFC 6587). Sent once per action (a retry
 * after a failure sends again); nothing to undo; verify reports whether it was handed over.
 */
export function forwardDriver(timeoutMs = 10_000): ActionDriver {
  const sent = new Set<string>();
  return {
    type: 'forward',
    disruptive: false,
    async do(i) {
      if (sent.has(i.id)) return;
      if (!i.alert) throw new Error(`forward: alert of action ${i.id} is not available`);
      const host = String(i.params.host);
      const port = Number(i.params.port ?? 514);
      const msg = Buffer.from(syslog5424(i.alert), 'utf8');
      if (i.params.protocol === 'tcp') await sendTcp(host, port, msg, timeoutMs);
      else await sendUdp(host, port, msg);
      sent.add(i.id);
    },
    async undo() {},
    async verify(i) { return sent.has(i.id); },
  };
}
