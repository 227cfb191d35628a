import { HOUR, MIN, homeIp, shiftOf, type DayCtx } from '../context.js';
import { ehrCsvLine, fhirAuditLine } from '../formats/ehr.js';
import { vpnLine } from '../formats/ecs-auth.js';
import { lookupAndConnect } from '../activity/network.js';
import type { Rng } from '../rng.js';
import type { Patient, Staff, World } from '../world/types.js';
import { incidentCount, spreadDays, type PlannedRun, type ScenarioDef } from './types.js';

type Variant = 'vip' | 'coworker' | 'family' | 'neighbour' | 'no-relationship' | 'after-termination' | 'bulk-export';
const VARIANTS: Variant[] = ['vip', 'coworker', 'family', 'neighbour', 'no-relationship', 'after-termination', 'bulk-export'];

const street = (a: string) => a.replace(/^\d+\s+/, '');

/** Who snoops on whom for a variant (undefined when the world has no such pair). */
function pair(w: World, rng: Rng, v: Variant, days: number): { staff: Staff; patients: Patient[]; day?: number } | undefined {
  const clinical = w.staff.filter((s) => s.role !== 'it_admin' && s.terminatedDay === undefined);
  const byId = new Map(w.patients.map((p) => [p.id, p]));
  switch (v) {
    case 'vip': {
      const vips = w.patients.filter((p) => p.vip);
      return vips.length ? { staff: rng.pick(clinical), patients: [rng.pick(vips)] } : undefined;
    }
    case 'coworker': {
      const emp = w.patients.filter((p) => p.staffId);
      if (!emp.length) return undefined;
      const p = rng.pick(emp);
      const s = rng.pick(clinical.filter((x) => x.id !== p.staffId));
      return { staff: s, patients: [p] };
    }
    case 'family': {
      const withFamily = clinical.filter((s) => s.family_patients.length);
      if (!withFamily.length) return undefined;
      const s = rng.pick(withFamily);
      return { staff: s, patients: s.family_patients.map((id) => byId.get(id)!).filter(Boolean) };
    }
    case 'neighbour': {
      for (const s of rng.sample(clinical, clinical.length)) {
        const near = w.patients.filter((p) => p.staffId !== s.id && !s.family_patients.includes(p.id) && street(p.address) === street(s.address));
        if (near.length) return { staff: s, patients: rng.sample(near, 2) };
      }
      return undefined;
    }
    case 'after-termination': {
      const gone = w.staff.filter((s) => s.terminatedDay !== undefined && s.terminatedDay < days);
      if (!gone.length) return undefined;
      const s = rng.pick(gone);
      return { staff: s, patients: rng.sample(w.patients, 3), day: Math.min(days - 1, s.terminatedDay! + rng.int(0, 3)) };
    }
    default:
      return { staff: rng.pick(clinical), patients: rng.sample(w.patients, 3) };
  }
}

/**
 * EHR snooping (T1213): a workforce member opens records they have no treatment reason for —
 * a VIP, a co-worker, a relative, a neighbour, a stranger, after leaving the organisation, or
 * a bulk export. Intensity sets how many records and accesses.
 */
export const ehrSnooping: ScenarioDef = {
  name: 'ehr-snooping',
  description: 'EHR access without a treatment relationship: VIP, co-worker, family, neighbour, no relationship, after termination, bulk export',
  techniques: ['T1213'],
  plan(p) {
    const n = Math.max(VARIANTS.length, incidentCount(p.days, 2));
    const out: PlannedRun[] = [];
    const days = spreadDays(p.rng, p.days, n);
    for (let k = 0; k < n; k++) {
      const v = VARIANTS[k % VARIANTS.length]!;
      const rng = p.rng.fork(`ehr-snooping:${k}`);
      const who = pair(p.world, rng, v, p.days);
      if (!who || who.patients.length === 0) continue;
      const inc = p.incident('ehr-snooping', v === 'bulk-export' ? ['T1213', 'T1530'] : ['T1213'], `EHR snooping (${v}) by ${who.staff.username}`, v);
      inc.entity('user', who.staff.username);
      const bulk = v === 'bulk-export' ? rng.sample(p.world.patients, Math.round(50 + 1950 * p.intensity)) : who.patients;
      if (v !== 'bulk-export') for (const pt of bulk) inc.entity('patient', pt.id);
      const day = who.day ?? days[k]!;
      out.push({
        day, incident: inc,
        run(ctx: DayCtx, i) {
          const s = who.staff;
          const shift = shiftOf({ ...s, terminatedDay: undefined } as Staff, ctx.day, ctx.t0, ctx.dow);
          let t = shift ? shift[0] + rng.int(30, 300) * MIN : ctx.t0 + rng.int(9, 20) * HOUR;
          const ws = ctx.world.workstations.find((w) => w.name === s.workstation) ?? rng.pick(ctx.world.workstations);
          if (v === 'after-termination') {
            const ip = homeIp(s);
            ctx.emit('vpn', t - 2 * MIN, vpnLine({ t: t - 2 * MIN, user: s.username, sourceIp: ip, country: 'US', success: true, host: 'vpn01' }), i);
          }
          if (v === 'bulk-export' && rng.chance(0.5)) {
            for (const pt of bulk) {
              t += rng.int(200, 1500);
              ctx.emit('fhir', t, fhirAuditLine({ t, id: `ae-${ctx.ids.seq()}`, agent: s.username, agentType: 'staff', app: 'ReportingTool', sourceIp: ws.ip, patient: pt.id, action: 'E', resource: 'Patient', purpose: 'HOPERAT' }), i);
            }
            return;
          }
          const accesses = v === 'bulk-export' ? 1 : Math.max(1, Math.round(1 + 9 * p.intensity));
          for (const pt of bulk) {
            for (let a = 0; a < accesses; a++) {
              t += v === 'bulk-export' ? rng.int(300, 3000) : rng.int(1, 40) * MIN;
              const action = v === 'bulk-export' ? 'export' : a === 0 ? 'view' : rng.pick(['view', 'view', 'print']);
              ctx.emit('ehr', t, ehrCsvLine({ t, user: s.username, role: ctx.world.site.roleLabel[s.role], department: s.department, workstation: ws.name, patient: pt.id, action }), i);
            }
          }
        },
      });
    }
    return out;
  },
};

/**
 * Insider mass download off hours (T1213, T1039, T1567.002): at night over VPN, a user pages
 * through hundreds of charts, copies a share from the file server and uploads to personal cloud storage.
 */
export const insiderDownload: ScenarioDef = {
  name: 'insider-download',
  description: 'off-hours mass chart access, file-share copy and upload to personal cloud storage',
  techniques: ['T1213', 'T1039', 'T1567.002'],
  plan(p) {
    return spreadDays(p.rng, p.days, incidentCount(p.days, 0.5)).map((day, k): PlannedRun => {
      const rng = p.rng.fork(`insider:${k}`);
      const pool = p.world.staff.filter((s) => ['billing', 'him_coder', 'administrator', 'registrar'].includes(s.role));
      const s = rng.pick(pool.length ? pool : p.world.staff);
      const inc = p.incident('insider-download', this.techniques, `off-hours mass download by ${s.username}`);
      const vpnIp = `10.99.${rng.int(0, 3)}.${rng.int(2, 250)}`;
      inc.entity('user', s.username).entity('ip', vpnIp);
      return {
        day, incident: inc,
        run(ctx, i) {
          let t = ctx.t0 + rng.int(1, 3) * HOUR + rng.int(0, 59) * MIN;
          ctx.emit('vpn', t, vpnLine({ t, user: s.username, sourceIp: homeIp(s), country: 'US', success: true, host: 'vpn01' }), i);
          const charts = Math.round(100 + 1400 * p.intensity);
          for (const pt of rng.sample(ctx.world.patients, charts)) {
            t += rng.int(2_000, 12_000);
            ctx.emit('ehr', t, ehrCsvLine({ t, user: s.username, role: ctx.world.site.roleLabel[s.role], department: s.department, workstation: `VPN-${vpnIp}`, patient: pt.id, action: rng.chance(0.3) ? 'print' : 'view' }), i);
          }
          const fs = ctx.world.servers.find((x) => x.role === 'file')!;
          lookupAndConnect(ctx, t + MIN, vpnIp, `${fs.name}.${ctx.world.domain}`, fs.ip, 445, 'smb', [rng.int(200_000, 2_000_000), Math.round(2e9 * (0.2 + p.intensity))], 1800, i);
          lookupAndConnect(ctx, t + 40 * MIN, vpnIp, 'content.dropboxapi.com', '162.125.6.14', 443, 'ssl', [Math.round(1.5e9 * (0.2 + p.intensity)), rng.int(50_000, 400_000)], 2400, i);
        },
      };
    });
  },
};
