import type { DayCtx } from '../context.js';
import { connLine, dnsLine, httpLine } from '../formats/zeek.js';
import type { Incident } from '../labels.js';

const WEB = [
  ['www.uptodate.com', '104.18.22.81'], ['login.microsoftonline.com', '20.190.151.7'], ['outlook.office365.com', '52.96.165.18'],
  ['www.cdc.gov', '23.45.120.9'], ['pubmed.ncbi.nlm.nih.gov', '130.14.29.110'], ['www.medscape.com', '23.40.60.17'],
  ['ctldl.windowsupdate.com', '93.184.221.240'], ['ocsp.digicert.com', '93.184.220.29'], ['www.google.com', '142.250.72.196'],
] as const;

/** A DNS lookup and the connection that follows it, as the network sensor sees them. */
export function lookupAndConnect(
  ctx: DayCtx, t: number, src: string, name: string, ip: string, port: number, service: string,
  bytes: [number, number], duration: number, inc?: Incident,
): void {
  const { rng, ids, emit } = ctx;
  emit('zeek-dns', t, dnsLine(t, ids.uid(), src, rng.int(49152, 65535), '10.10.0.10', name, ip, rng.int(1, 65535)), inc);
  emit('zeek-conn', t + 40, connLine({
    t: t + 40, uid: ids.uid(), src, sport: rng.int(49152, 65535), dst: ip, dport: port, proto: 'tcp', service,
    duration, origBytes: bytes[0], respBytes: bytes[1], localResp: ip.startsWith('10.'),
  }), inc);
}

/** A plain connection (no DNS lookup before it). */
export function connect(ctx: DayCtx, t: number, src: string, dst: string, dport: number, service: string | undefined, bytes: [number, number], duration: number, inc?: Incident, state = 'SF'): void {
  const c = { t, uid: ctx.ids.uid(), src, sport: ctx.rng.int(49152, 65535), dst, dport, proto: 'tcp' as const, duration, origBytes: bytes[0], respBytes: bytes[1], localResp: dst.startsWith('10.'), state };
  ctx.emit('zeek-conn', t, connLine(service === undefined ? c : { ...c, service }), inc);
}

/** Ordinary web use from a workstation: a lookup, an HTTPS connection, sometimes plain HTTP. */
export function browse(ctx: DayCtx, t: number, src: string): void {
  const { rng } = ctx;
  const [name, ip] = rng.pick(WEB);
  lookupAndConnect(ctx, t, src, name, ip, 443, 'ssl', [rng.int(800, 4000), rng.int(5_000, 400_000)], rng.next() * 30);
  if (name.startsWith('ocsp') || name.startsWith('ctldl')) {
    const uid = ctx.ids.uid();
    ctx.emit('zeek-http', t + 60, httpLine(t + 60, uid, src, rng.int(49152, 65535), ip, 80, 'GET', name, name.startsWith('ocsp') ? '/MFEwTzBNMEswSTAJBgUrDgMCGgUABBQ' : '/msdownload/update/v3/static/trustedr/en/authrootstl.cab', 200, 0, rng.int(400, 60_000), 'Microsoft-CryptoAPI/10.0'));
  }
}
