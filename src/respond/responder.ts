import Database from 'better-sqlite3';
import type { Alert } from '../core/alert.js';
import type { RespondSettings } from '../core/config.js';
import { WardError, errorMessage } from '../core/errors.js';
import type { AuditEntry } from '../store/store.js';
import { ResponseEngine, type RespondMode } from './engine.js';
import { loadPlaybooks } from './load.js';
import type { Playbook } from './playbook.js';

/** What the responder needs of a running pipeline (structural: the runtime provides it). */
export interface ResponderHost {
  store: { path: string; getAlert(id: string): Alert | undefined };
  onAlerts(fn: (alerts: Alert[]) => void): () => void;
}

/** An audit writer on a connection of its own (same table as the store's audit log). */
export function auditTo(db: Database.Database): (e: AuditEntry) => void {
  const stmt = db.prepare('INSERT INTO audit (time, actor, action, target, detail) VALUES (?, ?, ?, ?, ?)');
  return (e) => { stmt.run(e.time, e.actor, e.action, e.target ?? null, e.detail ? JSON.stringify(e.detail) : null); };
}

/** Load the configured playbooks; any problem fails startup with file, line and key. */
export function configuredPlaybooks(settings: RespondSettings): Playbook[] {
  if (!settings.playbooks) return [];
  const { playbooks, issues } = loadPlaybooks(settings.playbooks);
  if (issues.length) {
    throw new WardError('config.invalid', `playbook problems:\n${issues.map((i) => `  ${i.file}:${i.line} ${i.key}: ${i.message}`).join('\n')}`, 'respond.playbooks');
  }
  return playbooks;
}

/**
 * Build the response engine from config and subscribe it to new alerts, like an alert sink: a
 * playbook or action error is logged and never reaches ingest. Returns the engine and a stop function.
 *
 * @example
 * const r = attachResponder(rt, cfg.respond, { mode: 'dry-run', log });
 */
export function attachResponder(host: ResponderHost, settings: RespondSettings, opts: { mode?: RespondMode | undefined; log?: (m: string) => void; tickMs?: number } = {}): { engine: ResponseEngine; stop: () => Promise<void> } {
  const log = opts.log ?? (() => {});
  const playbooks = configuredPlaybooks(settings);
  // A connection of its own: the engine finishes the last alerts' actions after the pipeline closes its store.
  const db = new Database(host.store.path);
  db.pragma('busy_timeout = 10000');
  const getAlert = (id: string) => { try { return host.store.getAlert(id); } catch { return undefined; } };
  const engine = new ResponseEngine({ settings, playbooks, db, audit: auditTo(db), mode: opts.mode, getAlert, log });
  if (engine.mode === 'off') return { engine, stop: async () => { db.close(); } };
  const off = host.onAlerts((alerts) => {
    engine.handle(alerts).catch((err: unknown) => log(`respond: ${errorMessage(err)}`));
  });
  engine.start(opts.tickMs ?? 1000);
  return { engine, stop: async () => { off(); await engine.stop(); db.close(); } };
}
