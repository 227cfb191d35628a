import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { WardError } from '../core/errors.js';
import { ShareService } from '../intel/share/service.js';
import { TLP_LEVELS, type TlpLevel } from '../intel/stix/tlp.js';
import { DEFAULT_SCHEMA_DIR, StixValidator } from '../intel/stix/validate.js';
import { technique } from '../api/attack.js';
import { SHARE_STATES, type ShareDraftRecord, type ShareState } from '../store/sqlite/intel-share.js';
import { action, loadFor, oneOf, openExistingStore, table, withCommon, type CommonOptions } from './common.js';
import { localActor } from './local-audit.js';

const out = (json: boolean | undefined, obj: unknown, text: string) => process.stdout.write(json ? `${JSON.stringify(obj)}\n` : `${text}\n`);

async function withService<T>(opts: CommonOptions, fn: (svc: ShareService) => Promise<T> | T): Promise<T> {
  const { loaded, dataDir } = loadFor(opts);
  const store = openExistingStore(dataDir);
  const svc = new ShareService({
    store, dataDir, config: loaded.config, techniqueName: (id) => technique(id).name,
    validator: existsSync(DEFAULT_SCHEMA_DIR) ? StixValidator.load() : undefined,
  });
  try {
    return await fn(svc);
  } finally {
    svc.close();
    store.close();
  }
}

/** One paragraph about a draft: state, who, where, what is in it, what was removed and why. */
function describe(d: ShareDraftRecord): string {
  const lines = [
    `${d.id} (${d.state}) from ${d.incidentId}, TLP:${d.tlp.toUpperCase()} → ${[d.targets.collection && `collection ${d.targets.collection}`, d.targets.remote && `remote ${d.targets.remote}`].filter(Boolean).join(' and ')}`,
    `proposed by ${d.proposedBy} at ${d.proposed}${d.note ? `: ${d.note}` : ''}${d.decidedBy ? `; ${d.state} by ${d.decidedBy} at ${d.decided}${d.reason ? `: ${d.reason}` : ''}` : ''}`,
    `bundle ${d.bundle.id}: ${d.bundle.objects.length} objects (${Object.entries(d.counts).map(([k, v]) => `${v} ${k}`).join(', ')})`,
  ];
  if (d.removed.length) {
    lines.push(`removed before sharing (${d.removed.length}):`);
    lines.push(table(d.removed.map((r) => [r.where, r.field, r.reason, r.shown]), ['where', 'from', 'reason', 'shown']));
  }
  if (d.result) lines.push(`result: ${JSON.stringify(d.result)}`);
  return lines.join('\n');
}

/**
 * `wardwatch intel share propose|list|show|approve|reject`: share an incident as STIX with PHI
 * and internal identifiers stripped, approved by a second person (four eyes: here the
 * operating-system account, `local:<user>`, is the person).
 */
export function shareCommand(): Command {
  const cmd = new Command('share').description('share an incident as a STIX 2.1 bundle with PHI and internal identifiers stripped; a second person approves before it is published');
  cmd.addCommand(withCommon(new Command('propose'))
    .description('draft a share of an incident (stored for approval; prints what was removed and why)')
    .argument('<incident>', 'incident id (inc_…, see "wardwatch incidents")')
    .requiredOption('--tlp <level>', `TLP 2.0: ${TLP_LEVELS.filter((t) => t !== 'red').join(' | ')} (red is never shared)`)
    .option('--collection <alias>', 'publish to this local TAXII collection')
    .option('--remote <name>', 'push to this peer (intel.share.remotes in the configuration)')
    .option('--note <text>', 'why this is shared')
    .option('--from <time>', 'correlate alerts from this ISO time (default: 30 days ago)')
    .action(action(async (incident: string, opts: CommonOptions & { tlp: string; collection?: string; remote?: string; note?: string; from?: string }) => withService(opts, (svc) => {
      const tlp = oneOf(opts.tlp.toLowerCase(), TLP_LEVELS, '--tlp') as TlpLevel;
      if (opts.from !== undefined && !Number.isFinite(Date.parse(opts.from))) throw new WardError('request.invalid', `not a time: ${opts.from}`, '--from');
      if (!opts.json) process.stderr.write(`drafting a share of ${incident} …\n`);
      const d = svc.propose({ incidentId: incident, tlp, targets: { collection: opts.collection, remote: opts.remote }, note: opts.note, from: opts.from }, localActor());
      out(opts.json, d, `${describe(d)}\nanother person approves with: wardwatch intel share approve ${d.id}`);
    }))));
  cmd.addCommand(withCommon(new Command('list'))
    .description('share drafts, newest first')
    .option('--state <list>', `comma separated: ${SHARE_STATES.join(', ')}`)
    .option('-n, --limit <n>', 'how many', '50')
    .action(action(async (opts: CommonOptions & { state?: string; limit: string }) => withService(opts, (svc) => {
      const states = opts.state?.split(',').map((s) => oneOf(s.trim(), SHARE_STATES, '--state') as ShareState);
      const n = Number(opts.limit);
      if (!Number.isInteger(n) || n < 1 || n > 500) throw new WardError('request.invalid', 'expected 1..500', '--limit');
      const items = svc.list(states, n);
      out(opts.json, { items: items.map((d) => ({ ...d, bundle: { id: d.bundle.id, objects: d.bundle.objects.length } })) }, items.length
        ? table(items.map((d) => [d.id, d.state, d.incidentId, `TLP:${d.tlp.toUpperCase()}`, d.targets.collection ?? d.targets.remote ?? '', String(d.counts.indicators ?? 0), String(d.removed.length), d.proposedBy, d.decidedBy ?? '']), ['id', 'state', 'incident', 'tlp', 'target', 'indicators', 'removed', 'proposed by', 'decided by'])
        : 'no share drafts (wardwatch intel share propose INCIDENT)');
    }))));
  cmd.addCommand(withCommon(new Command('show'))
    .description('one draft: what it shares, what was removed and why (--json: with the whole STIX bundle)')
    .argument('<id>', 'draft id (shr_…)')
    .action(action(async (id: string, opts: CommonOptions) => withService(opts, (svc) => {
      const d = svc.get(id);
      out(opts.json, d, describe(d));
    }))));
  cmd.addCommand(withCommon(new Command('approve'))
    .description('approve a draft someone else proposed: checked again, then published to its collection and/or peer')
    .argument('<id>', 'draft id (shr_…)')
    .action(action(async (id: string, opts: CommonOptions) => withService(opts, async (svc) => {
      const d = await svc.approve(id, localActor());
      out(opts.json, d, describe(d));
      if (d.state !== 'published') process.exitCode = 1;
    }))));
  cmd.addCommand(withCommon(new Command('reject'))
    .description('reject (or withdraw) a draft, with a reason')
    .argument('<id>', 'draft id (shr_…)')
    .requiredOption('--reason <text>', 'why')
    .action(action(async (id: string, opts: CommonOptions & { reason: string }) => withService(opts, (svc) => {
      const d = svc.reject(id, localActor(), opts.reason);
      out(opts.json, d, describe(d));
    }))));
  return cmd;
}
