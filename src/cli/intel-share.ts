import { refreshVulnFeeds } from '../devices/feeds.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Command } from 'commander';
import { WardError } from '../core/errors.js';
import { exportBundle } from '../intel/export.js';
import { FeedRegistry, type FeedDef } from '../intel/feeds/registry.js';
import { updateFeed, type UpdateResult } from '../intel/feeds/update.js';
import { WarningLists, type FeedFormat } from '../intel/importers/index.js';
import { IntelStore } from '../intel/store/intel-store.js';
import { TLP_LEVELS, type TlpLevel } from '../intel/stix/tlp.js';
import { DEFAULT_SCHEMA_DIR, StixValidator } from '../intel/stix/validate.js';
import { addEnvelope } from '../intel/taxii/add.js';
import { TaxiiStore } from '../intel/taxii/collections.js';
import { retroHunt, type HuntResult } from '../detect/intel-match/retro-hunt.js';
import { SqliteStore } from '../store/sqlite/index.js';
import { action, loadFor, table, withCommon, type CommonOptions } from './common.js';
import { auditLocal } from './local-audit.js';

const DEFAULT_WARNINGLISTS = resolve(DEFAULT_SCHEMA_DIR, '../../../misp-warninglists/lists');
const ROLES = ['admin', 'analyst', 'privacy_officer', 'auditor', 'biomed'];

/**
 * Retro-hunt after an import: indicators written since `since` over the events of the last
 * `days` days. Skipped (undefined) when the data directory has no event store yet.
 */
export function huntAfterImport(dataDir: string, intel: IntelStore, since: number, days: number, quiet: boolean): HuntResult | undefined {
  if (!existsSync(SqliteStore.file(dataDir))) return undefined;
  const events = SqliteStore.open(dataDir);
  try {
    return retroHunt(events, intel, { days, importedSince: since, onProgress: quiet ? undefined : (n) => process.stderr.write(`retro-hunt: ${n} events searched …\n`) });
  } finally {
    events.close();
  }
}

/** One line about a hunt. */
export const huntLine = (r: HuntResult, days: number) => `retro-hunt: ${r.indicators} indicators over ${r.scanned} events of the last ${days} days (${r.eventsPerSecond}/s): ${r.matchedEvents} events matched, ${r.alerts} new alerts, ${r.sightings} sightings`;

function huntDays(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 3650) throw new WardError('config.invalid', `--hunt-days / --days must be 1..3650: ${v}`);
  return n;
}

const fail = (msg: string, where?: string) => new WardError('config.invalid', msg, where);
const out = (json: boolean | undefined, obj: unknown, text: string) => process.stdout.write(json ? `${JSON.stringify(obj)}\n` : `${text}\n`);

function accessList(v: string | undefined, dflt: string[], flag: string): string[] {
  if (v === undefined) return dflt;
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  const bad = list.find((x) => x !== '*' && !ROLES.includes(x) && !/^token:[A-Za-z0-9._-]{1,64}$/.test(x));
  if (bad) throw fail(`${flag}: "${bad}" is not *, a role (${ROLES.join(', ')}) or token:<name>`, flag);
  return list;
}

function withIntel<T>(opts: CommonOptions, fn: (store: IntelStore, dataDir: string) => Promise<T> | T): Promise<T> {
  const { dataDir } = loadFor(opts);
  const store = IntelStore.open(dataDir);
  return Promise.resolve(fn(store, dataDir)).finally(() => store.close());
}

/** `wardwatch intel collection add|list|remove`: the TAXII collections the API serves. */
export function collectionCommand(): Command {
  const cmd = new Command('collection').description('TAXII 2.1 collections served at /taxii2/wardwatch/ (who may read and write each)');
  cmd.addCommand(withCommon(new Command('add'))
    .description('make a collection')
    .argument('<alias>', 'short name (lower-case letters, digits, . _ -)')
    .requiredOption('--title <title>', 'title shown to TAXII clients')
    .option('--description <text>', 'description')
    .option('--read <list>', 'who may read: * | roles | token:<name>, comma separated (default *)')
    .option('--write <list>', 'who may write (default admin: admins and API tokens)')
    .option('--no-import', 'do not import objects written to it as indicators')
    .action(action(async (alias: string, opts: CommonOptions & { title: string; description?: string; read?: string; write?: string; import: boolean }) => withIntel(opts, (store) => {
      const t = new TaxiiStore(store);
      if (t.collection(alias)) throw fail(`a collection "${alias}" exists`, 'ALIAS');
      let c;
      try {
        c = t.createCollection({ alias, title: opts.title, description: opts.description, readers: accessList(opts.read, ['*'], '--read'), writers: accessList(opts.write, ['admin'], '--write'), import: opts.import });
      } catch (err) {
        throw fail((err as Error).message, 'ALIAS');
      }
      out(opts.json, c, `collection ${c.alias}: id ${c.id} (read: ${c.readers.join(',')}; write: ${c.writers.join(',') || 'nobody'})`);
    }))));
  cmd.addCommand(withCommon(new Command('list'))
    .description('collections, their ids, access and sizes')
    .action(action(async (opts: CommonOptions) => withIntel(opts, (store) => {
      const t = new TaxiiStore(store);
      const list = t.collections().map((c) => ({ ...c, objects: t.count(c.id) }));
      out(opts.json, { collections: list }, list.length ? table(list.map((c) => [c.alias, c.id, c.readers.join(','), c.writers.join(','), String(c.objects)]), ['alias', 'id', 'read', 'write', 'objects']) : 'no collections (wardwatch intel collection add)');
    }))));
  cmd.addCommand(withCommon(new Command('remove'))
    .description('remove a collection (its objects stay in intel.db for other collections and export)')
    .argument('<alias>', 'alias or id')
    .action(action(async (alias: string, opts: CommonOptions) => withIntel(opts, (store) => {
      if (!new TaxiiStore(store).removeCollection(alias)) throw fail(`no collection ${alias}`, 'ALIAS');
      out(opts.json, { removed: alias }, `collection ${alias} removed`);
    }))));
  return cmd;
}

/** `wardwatch intel feed add|list|remove`: TAXII collections and URLs that `intel update` polls. */
export function feedCommand(): Command {
  const cmd = new Command('feed').description('feeds polled by "wardwatch intel update": TAXII 2.1 collections of peers and ISACs, and feed files at URLs');
  cmd.addCommand(withCommon(new Command('add'))
    .description('add a feed')
    .argument('<name>', 'feed name (indicators get source taxii:<name> or <name>)')
    .option('--taxii <api-root-url>', 'a TAXII 2.1 API root URL (with --collection)')
    .option('--collection <id>', 'the TAXII collection id')
    .option('--url <url>', 'a feed file (STIX, MISP, CSV, plain/IPsum list) to download')
    .option('--format <format>', 'stix | misp | csv | plain (url feeds; default detected)')
    .option('--ttl-days <n>', 'expiry of url-feed entries without their own (default 7 for lists/CSV)')
    .option('--user <name>', 'HTTP Basic user name (the password comes from --secret-env)')
    .option('--secret-env <VAR>', 'environment variable holding the password or bearer token (never stored)')
    .action(action(async (name: string, opts: CommonOptions & { taxii?: string; collection?: string; url?: string; format?: FeedFormat; ttlDays?: string; user?: string; secretEnv?: string }) => withIntel(opts, (store) => {
      if (!!opts.taxii === !!opts.url) throw fail('give either --taxii <api-root> --collection <id>, or --url <url>');
      if (opts.taxii && !opts.collection) throw fail('--taxii needs --collection <id>', '--collection');
      const url = opts.taxii ?? opts.url!;
      try {
        if (!/^https?:$/.test(new URL(url).protocol)) throw new Error('not http(s)');
      } catch {
        throw fail(`not an http(s) URL: ${url}`, opts.taxii ? '--taxii' : '--url');
      }
      if (opts.format && !['stix', 'misp', 'csv', 'plain'].includes(opts.format)) throw fail(`--format must be stix, misp, csv or plain: ${opts.format}`, '--format');
      if (opts.secretEnv && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(opts.secretEnv)) throw fail('--secret-env names an environment variable', '--secret-env');
      const ttl = opts.ttlDays === undefined ? undefined : Number(opts.ttlDays);
      if (ttl !== undefined && (!Number.isInteger(ttl) || ttl < 0)) throw fail('--ttl-days must be a whole number of days', '--ttl-days');
      const def: FeedDef = {
        name, kind: opts.taxii ? 'taxii' : 'url', url: opts.taxii ? (url.endsWith('/') ? url : `${url}/`) : url,
        collection: opts.collection, user: opts.user, secretEnv: opts.secretEnv, format: opts.format, ttlDays: ttl,
      };
      try {
        new FeedRegistry(store).add(def);
      } catch (err) {
        throw fail((err as Error).message, 'NAME');
      }
      out(opts.json, def, `feed ${name} added (${def.kind} ${def.url}${def.collection ? ` collection ${def.collection}` : ''}); run "wardwatch intel update"`);
    }))));
  cmd.addCommand(withCommon(new Command('list'))
    .description('feeds with their state: last success, last error, backoff, added_after')
    .action(action(async (opts: CommonOptions) => withIntel(opts, (store) => {
      const feeds = new FeedRegistry(store).list();
      out(opts.json, { feeds }, feeds.length ? table(feeds.map((f) => [f.def.name, f.def.kind, f.state.lastSuccess ?? 'never', f.state.lastError ? `${f.state.failures}x: ${f.state.lastError.slice(0, 80)}` : '', f.state.addedAfter ?? '']), ['feed', 'kind', 'last success', 'failing', 'added_after']) : 'no feeds (wardwatch intel feed add)');
    }))));
  cmd.addCommand(withCommon(new Command('remove'))
    .description('remove a feed (what it loaded stays until it expires)')
    .argument('<name>', 'feed name')
    .action(action(async (name: string, opts: CommonOptions) => withIntel(opts, (store) => {
      if (!new FeedRegistry(store).remove(name)) throw fail(`no feed ${name}`, 'NAME');
      out(opts.json, { removed: name }, `feed ${name} removed`);
    }))));
  return cmd;
}

/** `wardwatch intel update`: poll the feeds. */
export function updateCommand(): Command {
  return withCommon(new Command('update'))
    .description('poll the feeds (TAXII: objects added since the last poll; URL: a new download); a failed feed keeps its last good data and backs off')
    .argument('[names...]', 'only these feeds')
    .option('--force', 'poll feeds that are backing off after failures')
    .option('--no-warninglists', 'do not filter by MISP warning lists')
    .option('--hunt-days <n>', 'then retro-hunt what was loaded over the stored events of the last N days', '30')
    .option('--no-hunt', 'do not retro-hunt after the update')
    .option('--kev <url|file>', 'also refresh the CISA KEV catalogue used by "wardwatch devices" (remembered for the next update)')
    .option('--csaf <url|dir>', 'also refresh the ICS medical advisories (CSAF 2.0 index.txt URL or folder; remembered)')
    .action(action(async (names: string[], opts: CommonOptions & { force?: boolean; warninglists: boolean; huntDays: string; hunt: boolean; kev?: string; csaf?: string }) => withIntel(opts, async (store, dataDir) => {
      const started = Date.now();
      const days = huntDays(opts.huntDays);
      const reg = new FeedRegistry(store);
      const feeds = reg.list().filter((f) => !names.length || names.includes(f.def.name));
      const unknown = names.filter((n) => !feeds.some((f) => f.def.name === n));
      if (unknown.length) throw fail(`no feed ${unknown.join(', ')}`, 'NAMES');
      const validator = existsSync(DEFAULT_SCHEMA_DIR) ? StixValidator.load() : undefined;
      const warningLists = opts.warninglists && existsSync(DEFAULT_WARNINGLISTS) ? WarningLists.load(DEFAULT_WARNINGLISTS, []) : undefined;
      const results: UpdateResult[] = [];
      for (const [i, f] of feeds.entries()) {
        if (!opts.json) process.stderr.write(`[${i + 1}/${feeds.length}] ${f.def.name} …\n`);
        const r = await updateFeed(store, reg, f, { dataDir, force: opts.force, validator, warningLists });
        results.push(r);
        if (!opts.json) process.stdout.write(`${r.name}: ${r.outcome}: ${r.message}\n`);
      }
      // Device vulnerability catalogues (KEV, CSAF): refreshed when given now or used before.
      const vulns = names.length ? [] : await refreshVulnFeeds(dataDir, { kev: opts.kev, csaf: opts.csaf }, fetch, (m) => { if (!opts.json) process.stderr.write(`${m}\n`); });
      if (!opts.json) for (const v of vulns) process.stdout.write(`${v.name}: ${v.outcome}: ${v.message}\n`);
      const hunt = opts.hunt && results.some((r) => r.loaded > 0) ? huntAfterImport(dataDir, store, started, days, !!opts.json) : undefined;
      if (opts.json) process.stdout.write(`${JSON.stringify({ results, vulns, hunt: hunt ?? null })}\n`);
      else if (!feeds.length && !vulns.length) process.stdout.write('no feeds (wardwatch intel feed add)\n');
      else if (hunt) process.stdout.write(`${huntLine(hunt, days)}\n`);
      if (results.some((r) => r.outcome === 'failed') || vulns.some((v) => v.outcome === 'failed')) process.exitCode = 1;
    })));
}

/** `wardwatch intel publish`: put the exported indicators into a local TAXII collection. */
export function publishCommand(): Command {
  return withCommon(new Command('publish'))
    .description('add the active indicators (as "intel export" makes them) to a TAXII collection this server shares; audited')
    .requiredOption('--collection <alias>', 'the collection (alias or id)')
    .option('--source <name>', 'only this source')
    .option('--max-tlp <level>', `most restrictive TLP published: ${TLP_LEVELS.join(' | ')} (default green)`, 'green')
    .action(action(async (opts: CommonOptions & { collection: string; source?: string; maxTlp: string }) => withIntel(opts, (store, dataDir) => {
      if (!TLP_LEVELS.includes(opts.maxTlp as TlpLevel)) throw fail(`--max-tlp must be one of ${TLP_LEVELS.join(', ')}`, '--max-tlp');
      const t = new TaxiiStore(store);
      const c = t.collection(opts.collection);
      if (!c) throw fail(`no collection ${opts.collection} (wardwatch intel collection add)`, '--collection');
      const { bundle, withheld } = exportBundle(store, { now: Date.now(), source: opts.source, maxTlp: opts.maxTlp as TlpLevel });
      const validator = existsSync(DEFAULT_SCHEMA_DIR) ? StixValidator.load() : undefined;
      const status = addEnvelope(t, c, { objects: bundle.objects }, { validator });
      const audit = SqliteStore.open(dataDir);
      try {
        auditLocal(audit, 'intel_publish', `taxii collection ${c.id}`, { alias: c.alias, status: status.id, objects: status.total_count, added: status.success_count, failed: status.failure_count, withheldByTlp: withheld, maxTlp: opts.maxTlp, source: opts.source ?? null });
      } finally {
        audit.close();
      }
      out(opts.json, { status, withheldByTlp: withheld }, `${status.success_count} of ${status.total_count} objects published to ${c.alias} (${status.failure_count} refused, ${withheld} withheld above TLP:${opts.maxTlp.toUpperCase()})`);
      if (status.failure_count) process.exitCode = 1;
    })));
}

/** `wardwatch intel hunt`: retro-hunt indicators over stored events. */
export function huntCommand(): Command {
  return withCommon(new Command('hunt'))
    .description('search the stored events of the last N days for indicators (all active ones, or those imported since a time); alerts and sightings for what is found')
    .option('--days <n>', 'how many days of events to search', '30')
    .option('--since <time>', 'only indicators imported at or after this ISO time (default: every active indicator)')
    .action(action(async (opts: CommonOptions & { days: string; since?: string }) => withIntel(opts, (store, dataDir) => {
      const days = huntDays(opts.days);
      const since = opts.since === undefined ? undefined : Date.parse(opts.since);
      if (since !== undefined && !Number.isFinite(since)) throw fail(`--since is not a time: ${opts.since}`, '--since');
      if (!existsSync(SqliteStore.file(dataDir))) throw new WardError('not_found', `no Wardwatch store in ${dataDir}: nothing to hunt in`, '--data-dir');
      const events = SqliteStore.open(dataDir);
      try {
        const r = retroHunt(events, store, { days, importedSince: since, onProgress: opts.json ? undefined : (n) => process.stderr.write(`${n} events searched …\n`) });
        out(opts.json, r, huntLine(r, days));
      } finally {
        events.close();
      }
    })));
}
