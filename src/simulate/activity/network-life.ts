import { HOUR, MIN, publicIp, type DayCtx } from '../context.js';
import { smbFileLine } from '../formats/zeek.js';
import { Rng } from '../rng.js';
import { connect } from './network.js';

const DOCS = ['minutes', 'rota', 'budget', 'audit', 'policy', 'handover', 'referral', 'inventory', 'report', 'schedule'];
const EXT = ['docx', 'xlsx', 'pdf', 'pptx', 'txt'];

/** The same few hundred patient addresses every day (people come back to the portal from home). */
function portalClients(ctx: DayCtx): string[] {
  const r = new Rng(`${ctx.world.domain}/portal-clients`);
  const n = Math.max(50, Math.round(ctx.world.patients.length * 0.6));
  return Array.from({ length: n }, () => publicIp(r, r.chance(0.9) ? 'US' : r.pick(['GB', 'DE', 'CO', 'BR'])));
}

/**
 * Ordinary network life the detectors must stay quiet on: patients using the portal from home
 * (inbound HTTPS to the FHIR API, busier in the evening, a few half-open connections from flaky
 * mobile links), and staff opening and saving documents on the file share over SMB
 * (conn.log plus Zeek smb_files.log writes and renames).
 */
export function runNetworkLife(ctx: DayCtx): void {
  const { world, rng, t0, dow } = ctx;
  const portal = world.servers.find((s) => s.role === 'fhir') ?? world.servers.find((s) => s.role === 'ehr');
  if (portal) {
    const clients = portalClients(ctx);
    const perHour = Math.max(2, Math.round(world.patients.length / 25));
    for (let h = 0; h < 24; h++) {
      const busy = h >= 7 && h < 23 ? (h >= 18 ? 1.6 : 1) : 0.15;
      for (let c = 0, n = Math.round(perHour * busy * (0.6 + rng.next() * 0.8)); c < n; c++) {
        const t = t0 + h * HOUR + rng.int(0, 3_599_999);
        const src = rng.pick(clients);
        // A visit is a handful of requests over a keep-alive connection or two.
        for (let k = 0, m = rng.int(1, 4); k < m; k++) {
          const half = rng.chance(0.03);
          connect(ctx, t + k * rng.int(2, 40) * 1000, src, portal.ip, 443, half ? undefined : 'ssl', half ? [0, 0] : [rng.int(600, 6000), rng.int(2_000, 250_000)], half ? 0 : rng.next() * 60, undefined, half ? 'S0' : 'SF');
        }
      }
    }
  }
  const fs = world.servers.find((s) => s.role === 'file');
  if (fs) {
    const working = dow < 5;
    for (const ws of world.workstations) {
      for (let k = 0, n = working ? rng.int(2, 12) : rng.int(0, 2); k < n; k++) {
        const t = t0 + (working ? 8 * HOUR + rng.int(0, 600) * MIN : rng.int(0, 1439) * MIN);
        const up = rng.chance(0.3) ? rng.int(5_000, 30_000_000) : rng.int(2_000, 200_000);
        connect(ctx, t, ws.ip, fs.ip, 445, 'smb', [up, rng.int(5_000, 20_000_000)], rng.next() * 120);
        const name = `shared\\${ws.department}\\${rng.pick(DOCS)}-${rng.int(1, 400)}.${rng.pick(EXT)}`;
        ctx.emit('zeek-smb-files', t + 500, smbFileLine(t + 500, ctx.ids.uid(), ws.ip, fs.ip, 'SMB::FILE_WRITE', name, up));
        // Save-as and "~$" temp files: Office renames a temporary file over the document.
        if (rng.chance(0.3)) ctx.emit('zeek-smb-files', t + 900, smbFileLine(t + 900, ctx.ids.uid(), ws.ip, fs.ip, 'SMB::FILE_RENAME', name, up, name.replace(/[^\\]+$/, (b) => `~$${b.slice(0, 6)}.tmp`)));
      }
    }
  }
}
