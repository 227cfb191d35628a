import { Command } from 'commander';
import { WardError } from '../core/errors.js';
import { CRITICALITIES, DEVICE_TYPES, DeviceRepo, openCatalogue, viewOf, type DeviceView } from '../devices/index.js';
import { action, loadFor, oneOf, openExistingStore, table, withCommon, type CommonOptions } from './common.js';

interface DevicesOptions extends CommonOptions {
  type?: string;
  criticality?: string;
  minRisk?: string;
  id?: string;
  setType?: string;
  setCriticality?: string;
}

/** The fields `--json` prints per device (the documented line format). */
function line(v: DeviceView): Record<string, unknown> {
  return {
    id: v.id, mac: v.mac, vendor: v.vendor, ips: v.ips, hostnames: v.hostnames, type: v.type, typeConfidence: v.typeConfidence,
    criticality: v.criticality, protocols: v.protocols, firstSeen: v.firstSeen, lastSeen: v.lastSeen, risk: v.risk,
    riskReasons: v.riskReasons, vulnerabilities: v.vulnerabilities,
    typeEvidence: v.typeEvidence, typeSource: v.typeSource, criticalitySource: v.criticalitySource, aeTitles: v.aeTitles,
  };
}

/** `wardwatch devices`: the device inventory with type, criticality, vulnerabilities and risk. */
export function devicesCommand(): Command {
  return withCommon(new Command('devices'))
    .description('the devices seen in the events (MAC vendor, addresses, protocols, peers), their type, criticality, vulnerabilities and risk')
    .option('--type <type>', `only this type: ${DEVICE_TYPES.join(' | ')}`)
    .option('--criticality <c>', `only this criticality: ${CRITICALITIES.join(' | ')}`)
    .option('--min-risk <n>', 'only devices with a risk score of at least N (0-100)')
    .option('--id <id>', 'one device (id, IP or MAC) with its evidence, peers and vulnerabilities')
    .option('--set-type <type>', 'with --id: override the classified type ("auto" clears the override)')
    .option('--set-criticality <c>', 'with --id: override the criticality ("auto" clears the override); the respond gate honours it')
    .addHelpText('after', `
With --json, prints one JSON object per line: id, mac, vendor, ips, hostnames, type, typeConfidence,
criticality, protocols, firstSeen, lastSeen, risk, riskReasons, vulnerabilities (and typeEvidence).
Vulnerabilities come from DATA_DIR/vulns (refresh with: wardwatch intel update --kev URL|FILE --csaf URL|DIR).
Types and classification rules: docs/devices.md.
`)
    .action(action(async (opts: DevicesOptions) => {
      const { dataDir } = loadFor(opts);
      if (opts.type) oneOf(opts.type, DEVICE_TYPES, '--type');
      if (opts.criticality) oneOf(opts.criticality, CRITICALITIES, '--criticality');
      const minRisk = opts.minRisk === undefined ? 0 : Number(opts.minRisk);
      if (!Number.isInteger(minRisk) || minRisk < 0 || minRisk > 100) throw new WardError('request.invalid', `expected a whole number 0-100: ${opts.minRisk}`, '--min-risk');
      if ((opts.setType || opts.setCriticality) && !opts.id) throw new WardError('request.invalid', '--set-type and --set-criticality need --id', '--id');
      const store = openExistingStore(dataDir);
      try {
        const repo = new DeviceRepo(store.db);
        const cat = openCatalogue(dataDir);
        if (opts.id) {
          const rec = repo.get(opts.id);
          if (!rec) throw new WardError('not_found', `no device ${opts.id} (an id, IP or MAC)`, '--id');
          if (opts.setType || opts.setCriticality) {
            const t = opts.setType === undefined ? undefined : opts.setType === 'auto' ? null : oneOf(opts.setType, DEVICE_TYPES, '--set-type');
            const c = opts.setCriticality === undefined ? undefined : opts.setCriticality === 'auto' ? null : oneOf(opts.setCriticality, CRITICALITIES, '--set-criticality');
            const actor = `cli:${process.env.USER ?? 'local'}`;
            repo.setOverride(rec.id, { type: t as never, criticality: c as never }, actor);
            store.audit({ time: new Date().toISOString(), actor, action: 'device.override', target: rec.id, detail: { type: opts.setType ?? null, criticality: opts.setCriticality ?? null } });
          }
          const v = viewOf(rec, repo.overrides().get(rec.id), cat);
          if (opts.json) { process.stdout.write(`${JSON.stringify({ ...line(v), peers: v.peers, servedPorts: v.servedPorts, report: v.report })}\n`); return; }
          process.stdout.write(`${v.id}  ${v.type} (${Math.round(v.typeConfidence * 100)}%${v.typeSource === 'override' ? ', set by a person' : ''})  ${v.criticality}  risk ${v.risk}\n`);
          process.stdout.write(`vendor ${v.vendor ?? '-'}  ips ${v.ips.join(', ') || '-'}  hostnames ${v.hostnames.join(', ') || '-'}\n`);
          process.stdout.write(`protocols ${v.protocols.join(', ') || '-'}  AE titles ${v.aeTitles.join(', ') || '-'}  seen ${v.firstSeen} → ${v.lastSeen}\n`);
          process.stdout.write(`evidence:\n${v.typeEvidence.map((e) => `  - ${e}`).join('\n') || '  (none)'}\n`);
          process.stdout.write(`risk:\n${v.riskReasons.map((e) => `  - ${e}`).join('\n') || '  (nothing found)'}\n`);
          process.stdout.write(`vulnerabilities:\n${v.vulnerabilities.map((x) => `  - ${x.id} [${x.confidence}${x.knownExploited ? ', KEV' : ''}] ${x.title}`).join('\n') || '  (none matched)'}\n`);
          process.stdout.write(`peers:\n${v.peers.slice(0, 20).map((p) => `  ${p.dir === 'out' ? '→' : '←'} ${p.ip}:${p.port} ×${p.count}`).join('\n') || '  (none)'}\n`);
          return;
        }
        const overrides = repo.overrides();
        const views = repo.all().map((r) => viewOf(r, overrides.get(r.id), cat))
          .filter((v) => (!opts.type || v.type === opts.type) && (!opts.criticality || v.criticality === opts.criticality) && v.risk >= minRisk)
          .sort((a, b) => b.risk - a.risk || a.id.localeCompare(b.id));
        if (opts.json) {
          for (const v of views) process.stdout.write(`${JSON.stringify(line(v))}\n`);
          return;
        }
        if (!views.length) { process.stdout.write('No devices.\n'); return; }
        process.stdout.write(`${table(views.map((v) => [v.id, v.ips[0] ?? '-', (v.vendor ?? '-').slice(0, 28), v.type, `${Math.round(v.typeConfidence * 100)}%`, v.criticality, String(v.risk), v.protocols.slice(0, 4).join(',')]),
          ['ID', 'IP', 'VENDOR', 'TYPE', 'CONF', 'CRITICALITY', 'RISK', 'PROTOCOLS'])}\n${views.length} device(s)\n`);
      } finally {
        store.close();
      }
    }));
}
