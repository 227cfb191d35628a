import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Alert } from '../src/core/alert.js';
import { loadConfigObject } from '../src/pipeline/config-loader.js';
import { ingestFiles } from '../src/pipeline/file-ingest.js';
import { openRuntime } from '../src/pipeline/runtime.js';
import { DATA } from './helpers.js';

export const EVTX_ATTACK = join(DATA, 'windows/evtx-to-mitre-attack');
export const OTRF = join(DATA, 'windows/otrf-security-datasets');
export const BRUTE_FORCE = join(EVTX_ATTACK, 'data/TA0006-Credential Access/T1110.xxx-Brut force');

/** The detectors this work is about: authentication abuse. */
export const AUTH_DETECTORS = ['auth.bruteforce', 'auth.spray', 'auth.success_after_failures', 'auth.explicit_credentials'];

function files(dir: string, keep: (p: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p, keep));
    else if (keep(p)) out.push(p);
  }
  return out.sort();
}

/** Every Windows recording of the two public sets: evtx-to-mitre-attack (JSON and raw .evtx) and OTRF's Windows host files. */
export function windowsRecordings(): string[] {
  return [
    ...files(join(EVTX_ATTACK, 'data'), (p) => p.endsWith('.jsonl.gz')),
    ...files(join(EVTX_ATTACK, 'unconverted_evtx'), (p) => p.endsWith('.evtx.gz')),
    ...files(join(OTRF, 'data/atomic/windows'), (p) => p.endsWith('.json.gz')),
    ...files(join(OTRF, 'data/compound'), (p) => /Windows|securityauditing/i.test(p) && p.endsWith('.json.gz')),
  ];
}

/** A recording of password guessing or spraying: evtx-to-mitre-attack's T1110 folder (OTRF stages none). */
export function isGuessingRecording(path: string): boolean {
  return path.startsWith(BRUTE_FORCE);
}

export function shortName(path: string): string {
  return relative(DATA, path);
}

/**
 * Ingest one recording into a fresh store, through the path the CLI's `ingest` uses (format
 * recognition, parser, store, detectors), and return its alerts. Runs the given detectors with
 * their default settings (all default detectors when none are given). Detectors run on the main
 * thread and the store writes inline (the same code, no worker threads), so hundreds of
 * recordings can be run in one test.
 */
export async function ingestRecording(path: string, detectors?: string[]): Promise<Alert[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ww-win-'));
  const loaded = loadConfigObject(detectors ? { detectors: detectors.map((type) => ({ type })) } : {});
  loaded.config.pipeline.workers = 0;
  loaded.config.store.writerThread = false;
  const alerts: Alert[] = [];
  const rt = await openRuntime(loaded, { dataDir: dir });
  try {
    const off = rt.onAlerts((a) => alerts.push(...a));
    await ingestFiles(rt, [path]);
    await rt.close();
    off();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return alerts;
}
