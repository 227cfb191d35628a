import { DAY, HOUR, MIN, publicIp, shiftOf } from '../context.js';
import { connect } from '../activity/network.js';
import { ehrCsvLine, fhirAuditLine } from '../formats/ehr.js';
import { incidentCount, spreadDays, type PlannedRun, type ScenarioDef } from './types.js';

/**
 * Drug diversion as the EHR sees it (T1213, T1565.001): a nurse documents medication
 * administration for patients on other wards — in care, but not theirs — through their shifts,
 * several shifts running. No single access stands out; the breadth does. Intensity sets how many
 * patients a shift (4 + 16·i) and how many shifts (1 + 2·i, within a week).
 */
export const drugDiversion: ScenarioDef = {
  name: 'drug-diversion',
  description: 'a nurse documenting medication administration for patients on other wards, across shifts',
  techniques: ['T1213', 'T1565.001'],
  plan(p) {
    const nurses = p.world.staff.filter((s) => s.role === 'nurse' && s.kind === 'employee' && s.terminatedDay === undefined && s.unit !== undefined);
    if (!nurses.length) return [];
    return spreadDays(p.rng, p.days, incidentCount(p.days, 0.5)).map((day, k): PlannedRun => {
      const rng = p.rng.fork(`diversion:${k}`);
      const s = rng.pick(nurses);
      const inc = p.incident('drug-diversion', this.techniques, `medication documentation outside own ward by ${s.username}`);
      inc.entity('user', s.username);
      const shifts = Math.max(1, Math.round(1 + 2 * p.intensity));
      const perShift = Math.round(4 + 16 * p.intensity);
      return {
        day, incident: inc,
        run(ctx, i) {
          const ws = ctx.world.workstations.filter((w) => w.unit === s.unit);
          const seat = ws.length ? rng.pick(ws) : rng.pick(ctx.world.workstations);
          let done = 0;
          // This shift and the next ones within the week (records for later days are carried to them).
          for (let d = 0; d < 7 && done < shifts && ctx.day + d < p.days; d++) {
            const shift = shiftOf(s, ctx.day + d, ctx.t0 + d * DAY, (ctx.dow + d) % 7);
            if (!shift) continue;
            done++;
            const [a, b] = shift;
            const others = ctx.state.inpatients.filter((e) => e.unit !== s.unit && e.start < a && e.end > b);
            for (const e of rng.sample(others, perShift)) {
              const t = a + rng.int(30, Math.max(31, Math.floor((b - a) / MIN) - 30)) * MIN;
              inc.entity('patient', e.patient);
              ctx.emit('ehr', t, ehrCsvLine({ t, user: s.username, role: ctx.world.site.roleLabel[s.role], department: s.unit!, workstation: seat.name, patient: e.patient, action: 'view' }), i);
              const t2 = t + rng.int(1, 6) * MIN;
              ctx.emit('fhir', t2, fhirAuditLine({ t: t2, id: `ae-${ctx.ids.seq()}`, agent: s.username, agentType: 'staff', app: 'MAR', sourceIp: seat.ip, patient: e.patient, action: 'C', resource: 'MedicationAdministration', purpose: 'TREAT' }), i);
            }
          }
        },
      };
    });
  },
};

/**
 * A DDoS on the patient portal (T1498.001, T1499.002): a botnet of a few hundred to a few thousand
 * addresses opens HTTPS connections to the portal's FHIR API for 10–40 minutes, many of them left
 * half-open. Intensity sets the botnet (200 + 2,800·i addresses) and the rate.
 */
export const portalDdos: ScenarioDef = {
  name: 'portal-ddos',
  description: 'a botnet flooding the patient portal with HTTPS connections, many half-open',
  techniques: ['T1498.001', 'T1499.002'],
  plan(p) {
    const portal = p.world.servers.find((x) => x.role === 'fhir') ?? p.world.servers.find((x) => x.role === 'ehr');
    if (!portal) return [];
    return spreadDays(p.rng, p.days, incidentCount(p.days, 0.25)).map((day, k): PlannedRun => {
      const rng = p.rng.fork(`ddos:${k}`);
      const inc = p.incident('portal-ddos', this.techniques, `HTTPS flood on the patient portal ${portal.name}`);
      inc.entity('host', portal.name).entity('ip', portal.ip);
      const bots = Array.from({ length: Math.round(200 + 2800 * p.intensity) }, () => publicIp(rng, rng.pick(['US', 'BR', 'VN', 'CN', 'RU', 'DE', 'CO'])));
      const minutes = rng.int(10, 40);
      const perMinute = Math.round(300 + 3000 * p.intensity);
      return {
        day, incident: inc,
        run(ctx, i) {
          const start = ctx.t0 + rng.int(8, 20) * HOUR + rng.int(0, 59) * MIN;
          for (let m = 0; m < minutes; m++) {
            for (let c = 0; c < perMinute; c++) {
              const t = start + m * MIN + rng.int(0, 59_999);
              const half = rng.chance(0.6);
              connect(ctx, t, rng.pick(bots), portal.ip, 443, half ? undefined : 'ssl', half ? [0, 0] : [rng.int(300, 800), rng.int(0, 2000)], half ? 0 : rng.next() * 2, i, half ? 'S0' : 'SF');
            }
          }
        },
      };
    });
  },
};
