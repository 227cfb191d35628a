import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Command } from 'commander';
import { WardError, errorMessage } from '../core/errors.js';
import {
  applyFeedback, clearModelCache, featurize, feedbackContentPath, loadPhishingModels, loadRawCorpora, LogisticModel, mailView, PhishingScorer,
  readableBody, type FeedbackExample, type PhishingResult,
} from '../detect/phishing/index.js';
import { sealerFor } from '../enrich/pseudonymise/index.js';
import type { OpenSealed } from '../detect/phishing/index.js';
import { frameEmail } from '../parsers/email/index.js';
import { SqliteStore } from '../store/sqlite/index.js';
import { TriageRepo } from '../store/sqlite/triage.js';
import { PACKAGE_ROOT } from '../version.js';
import { loadFor, withCommon, type CommonOptions } from './common.js';

/** Where command output goes (stdout/stderr in the CLI, buffers in tests). */
export interface Output {
  out(line: string): void;
  err(line: string): void;
}
const stdio: Output = { out: (l) => process.stdout.write(`${l}\n`), err: (l) => process.stderr.write(`${l}\n`) };

/**
 * Message files under the paths: every regular file of a folder (recursively, sorted);
 * hidden files are skipped.
 *
 * @example
 * mailFiles(['inbox/']) // ['inbox/1.eml', 'inbox/archive.mbox']
 */
export function mailFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string): void => {
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const n of readdirSync(p).sort()) if (!n.startsWith('.')) walk(join(p, n));
    } else out.push(p);
  };
  for (const p of paths) {
    if (!existsSync(p)) throw new WardError('request.invalid', `no such file or folder: ${p}`, p);
    walk(p);
  }
  return out;
}

/**
 * A message file's text: gzip (`.eml.gz`, `archive.mbox.gz`) is recognised by its magic bytes and
 * unpacked; bytes are read as latin1 so that no octet of an 8-bit message is lost.
 *
 * @example
 * readMailFile('archive.mbox.gz').startsWith('From ') // true
 */
export function readMailFile(file: string): string {
  const buf = readFileSync(file);
  if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      return gunzipSync(buf).toString('latin1');
    } catch (err) {
      throw new WardError('request.invalid', `not a readable gzip file: ${errorMessage(err)}`, file);
    }
  }
  return buf.toString('latin1');
}

/** One line for people: sender and subject say which message of an mbox this is. */
function describeMessage(from: string | undefined, subject: string): string {
  const clean = (t: string) => t.replace(/\s+/g, ' ').trim();
  const subj = clean(subject);
  return `from ${from ?? '(no sender)'}  "${subj.length > 70 ? `${subj.slice(0, 69)}…` : subj}"`;
}

interface ScoreOptions { json?: boolean; orgDomain?: string[]; executive?: string[]; models?: string; dataDir?: string }

/**
 * `phishing score FILE|DIR…`: score every message (.eml, or each message of an mbox) and print
 * verdict, score and reasons. A message that cannot be read is reported with its reason and
 * the run goes on; the exit code is 1 when any failed.
 *
 * @example
 * runScore(['suspicious.eml'], { json: true }) // 0; prints {"file":"suspicious.eml","verdict":"phishing","score":0.99,"reasons":[…]}
 */
export function runScore(paths: string[], opts: ScoreOptions, io: Output = stdio): number {
  const models = loadPhishingModels({ ...(opts.models ? { modelsDir: opts.models } : {}), ...(opts.dataDir ? { dataDir: opts.dataDir } : {}) });
  const scorer = new PhishingScorer(models, { orgDomains: opts.orgDomain ?? [], executives: opts.executive ?? [] });
  let failed = 0;
  const counts: Record<string, number> = {};
  for (const file of mailFiles(paths)) {
    let text: string;
    try {
      text = readMailFile(file);
    } catch (err) {
      failed++;
      if (opts.json) io.out(JSON.stringify({ file, error: errorMessage(err) }));
      else io.err(`${file}: ${errorMessage(err)}`);
      continue;
    }
    const messages = /^From \S/.test(text) ? frameEmail(text) : [text];
    messages.forEach((raw, i) => {
      const where = messages.length > 1 ? { file, message: i + 1 } : { file };
      let r: PhishingResult;
      let view: ReturnType<typeof mailView>;
      try {
        const event = scorer.parse(raw);
        view = mailView(event);
        r = scorer.scoreEvent(event, { explain: true });
      } catch (err) {
        failed++;
        if (opts.json) io.out(JSON.stringify({ ...where, error: errorMessage(err) }));
        else io.err(`${file}${messages.length > 1 ? ` #${i + 1}` : ''}: ${errorMessage(err)}`);
        return;
      }
      counts[r.verdict] = (counts[r.verdict] ?? 0) + 1;
      if (opts.json) {
        io.out(JSON.stringify({
          ...where, from: view.from ?? null, subject: view.subject, verdict: r.verdict, score: Number(r.score.toFixed(4)), reasons: r.reasons,
          signals: r.signals.map((s) => ({ id: s.id, observed: s.observed, contribution: Number(s.contribution.toFixed(3)) })),
          words: r.words.slice(0, 8).map((w) => ({ word: w.word, weight: Number(w.weight.toFixed(3)) })),
        }));
      } else {
        io.out(`${file}  ${r.verdict.toUpperCase()}  ${r.score.toFixed(3)}  ${describeMessage(view.from, view.subject)}`);
        for (const reason of r.reasons) io.out(`    - ${reason}`);
      }
    });
  }
  if (!opts.json) io.err(`${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ') || 'no messages'}${failed ? `, ${failed} unreadable` : ''}`);
  return failed ? 1 : 0;
}

/**
 * Feedback from the store: messages of `phishing` alerts that an analyst judged (true
 * positive → phishing; false positive or benign-but-expected → legitimate), and messages users
 * reported (`email.reported`) that no analyst cleared.
 *
 * @example
 * collectFeedback(store) // [{ subject, body, y: 1, source: 'analyst' }, …]
 */
export function collectFeedback(store: SqliteStore, maxReported = 20_000, open?: OpenSealed): FeedbackExample[] {
  const triage = new TriageRepo(store.db);
  const out: FeedbackExample[] = [];
  const judged = new Set<string>();
  for (const verdict of ['true_positive', 'false_positive', 'benign_expected'] as const) {
    let cursor: string | undefined;
    do {
      const page = triage.queue({ detector: 'phishing', verdict, limit: 500, ...(cursor ? { cursor } : {}) });
      for (const a of page.items) {
        for (const e of store.getEvents(a.explanation.evidence)) {
          if (!e.email) continue;
          judged.add(e.event.id);
          const v = mailView(e, open);
          out.push({ subject: v.subject, body: readableBody(v), y: verdict === 'true_positive' ? 1 : 0, source: 'analyst' });
        }
      }
      cursor = page.next;
    } while (cursor);
  }
  let cursor: string | undefined;
  let seen = 0;
  do {
    const page = store.searchEvents({ category: 'email', limit: 1000, ...(cursor ? { cursor } : {}) });
    for (const { event } of page.items) {
      if ((event.email as { reported?: unknown } | undefined)?.reported !== true || judged.has(event.event.id)) continue;
      const v = mailView(event, open);
      out.push({ subject: v.subject, body: readableBody(v), y: 1, source: 'user_report' });
    }
    seen += page.items.length;
    cursor = page.next;
  } while (cursor && seen < maxReported);
  return out;
}

interface TrainOptions extends CommonOptions { corpora?: string; limit?: string }

function metrics(model: LogisticModel, xs: ReturnType<typeof featurize>[], ys: Array<0 | 1>) {
  let tp = 0; let fp = 0; let fn = 0; let tn = 0;
  xs.forEach((x, i) => {
    const p = model.predict(x) >= 0.5;
    if (p && ys[i]) tp++; else if (p) fp++; else if (ys[i]) fn++; else tn++;
  });
  const precision = tp / Math.max(1, tp + fp);
  const recall = tp / Math.max(1, tp + fn);
  return { precision: round(precision), recall: round(recall), f1: round((2 * precision * recall) / Math.max(1e-9, precision + recall)), falsePositiveRate: round(fp / Math.max(1, fp + tn)), n: xs.length };
}
const round = (v: number) => Number(v.toFixed(4));

/**
 * `phishing train`: retrain the content model from the public corpora plus the feedback in
 * the store, print before/after metrics on a held-out fifth of the corpora and half of the
 * feedback, and write the new model to `DATA_DIR/models/phishing-content.json` (the detector
 * and `phishing score --data-dir` use it from then on).
 *
 * @example
 * await runTrain({ dataDir: './data', json: true }) // 0
 */
export async function runTrain(opts: TrainOptions, io: Output = stdio): Promise<number> {
  const { dataDir } = loadFor(opts);
  const corpora = opts.corpora ?? join(PACKAGE_ROOT, '../shared/data/email');
  if (!existsSync(corpora)) throw new WardError('request.invalid', `no corpora at ${corpora} (give --corpora DIR: the shared e-mail corpora)`, '--corpora');
  const limit = opts.limit ? Number(opts.limit) : undefined;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new WardError('request.invalid', 'expected a positive whole number', '--limit');
  const progress = (m: string) => io.err(`[phishing train] ${m}`);
  let feedback: FeedbackExample[] = [];
  if (existsSync(join(dataDir, 'wardwatch.db'))) {
    const store = SqliteStore.open(dataDir);
    try {
      // Stored mail is sealed: open it in process with the data directory's sealer to retrain on it.
      feedback = collectFeedback(store, undefined, (t) => sealerFor(dataDir).open(t));
    } finally {
      store.close();
    }
  }
  progress(`${feedback.length} feedback messages (${feedback.filter((f) => f.source === 'analyst').length} analyst verdicts, ${feedback.filter((f) => f.source === 'user_report').length} user reports)`);
  const parser = new PhishingScorer(loadPhishingModels({ dataDir }));
  const rows: Array<{ x: ReturnType<typeof featurize>; y: 0 | 1 }> = [];
  for (const m of loadRawCorpora(corpora, { ...(limit ? { limitPerCorpus: limit } : {}) })) {
    if (m.label === 'spam') continue;
    try {
      const v = mailView(parser.parse(m.raw));
      rows.push({ x: featurize({ subject: v.subject, body: readableBody(v) }), y: m.label === 'phish' ? 1 : 0 });
    } catch {
      // A corpus message the parser cannot read is left out (counted below).
    }
  }
  progress(`${rows.length} corpus messages`);
  if (rows.length === 0) throw new WardError('request.invalid', `no messages found under ${corpora}`, '--corpora');
  const fb = feedback.map((f) => ({ x: featurize({ subject: f.subject, body: f.body }), y: f.y }));
  const held = rows.filter((_, i) => i % 5 === 0);
  const heldFb = fb.filter((_, i) => i % 2 === 1);
  const before = loadPhishingModels({ dataDir }).content;
  const nPos = rows.filter((r) => r.y).length;
  const trainOpts = { epochs: 6, lr: 0.5, l2: 1e-6, positiveWeight: (rows.length - nPos) / Math.max(1, nPos) };
  // Feedback counts five times: it is the organisation's own mail, rarer and more relevant than the corpora.
  const boost = <T>(a: T[]) => a.flatMap((e) => [e, e, e, e, e]);
  progress('training on four fifths of the corpora and half of the feedback (held-out evaluation)');
  const trial = new LogisticModel().fit([...rows.filter((_, i) => i % 5 !== 0), ...boost(fb.filter((_, i) => i % 2 === 0))], { ...trainOpts, seed: 1 });
  const report = {
    corpusMessages: rows.length,
    feedback: { total: feedback.length, analyst: feedback.filter((f) => f.source === 'analyst').length, userReports: feedback.filter((f) => f.source === 'user_report').length },
    before: { heldOutCorpus: metrics(before, held.map((r) => r.x), held.map((r) => r.y)), heldOutFeedback: metrics(before, heldFb.map((r) => r.x), heldFb.map((r) => r.y)) },
    after: { heldOutCorpus: metrics(trial, held.map((r) => r.x), held.map((r) => r.y)), heldOutFeedback: metrics(trial, heldFb.map((r) => r.x), heldFb.map((r) => r.y)) },
    note: 'the current model may have been trained on the held-out corpus fifth (its "before" corpus figures are then optimistic)',
    model: feedbackContentPath(dataDir),
  };
  progress('training the final model on all corpora and all feedback');
  const final = new LogisticModel().fit([...rows, ...boost(fb)], { ...trainOpts, seed: 99 });
  const online = applyFeedback(final, feedback);
  mkdirSync(dirname(report.model), { recursive: true });
  writeFileSync(report.model, JSON.stringify({ name: 'phishing-content', version: 2, trained: new Date().toISOString(), features: 'as models/phishing-content-v2.json', data: { corpus: rows.length, feedback: report.feedback }, model: final.toJSON() }));
  clearModelCache();
  if (opts.json) io.out(JSON.stringify({ ...report, feedbackStillWrong: online.wrongAfter }));
  else {
    const line = (name: string, m: ReturnType<typeof metrics>) => `  ${name.padEnd(18)} precision ${m.precision.toFixed(3)}  recall ${m.recall.toFixed(3)}  F1 ${m.f1.toFixed(3)}  FPR ${(m.falsePositiveRate * 100).toFixed(2)} %  (n=${m.n})`;
    io.out(`Content model retrained from ${rows.length} corpus messages and ${feedback.length} feedback messages.`);
    io.out('before (the current model; if it was trained on these corpora, its corpus figures are in-sample):');
    io.out(line('held-out corpus', report.before.heldOutCorpus));
    if (heldFb.length) io.out(line('held-out feedback', report.before.heldOutFeedback));
    io.out('after:');
    io.out(line('held-out corpus', report.after.heldOutCorpus));
    if (heldFb.length) io.out(line('held-out feedback', report.after.heldOutFeedback));
    io.out(`written to ${report.model}`);
  }
  return 0;
}

/**
 * `wardwatch phishing score|train`.
 *
 * @example
 * program.addCommand(phishingCommand());
 */
export function phishingCommand(): Command {
  const cmd = new Command('phishing').description('phishing and fraud e-mail: score messages, retrain the content model with feedback');
  const collect = (v: string, prev: string[] = []) => [...prev, v];
  cmd
    .command('score')
    .description('score .eml files and mbox files, plain or gzipped (or folders of them): verdict, score 0..1 and the reasons')
    .argument('<paths...>', 'message files or folders')
    .option('--json', 'one JSON object per message: file, message (mbox), from, subject, verdict, score, reasons, signals, words')
    .option('--org-domain <domain>', "the organisation's mail domain (repeatable): look-alike and impersonation checks", collect)
    .option('--executive <name>', 'an executive whose name on an outside address is impersonation (repeatable)', collect)
    .option('--models <dir>', 'folder of trained models (default: the shipped models/)')
    .option('-d, --data-dir <dir>', 'use the content model retrained with feedback under this data directory')
    .addHelpText('after', '\nVerdicts: clean, suspicious, phishing, fraud. Exit code 1 when a message could not be read.\n')
    .action((paths: string[], o: ScoreOptions) => {
      try {
        process.exitCode = runScore(paths, o);
      } catch (err) {
        if (o.json) process.stdout.write(`${JSON.stringify({ error: err instanceof WardError ? err.code : 'error', message: errorMessage(err) })}\n`);
        else process.stderr.write(`wardwatch: ${errorMessage(err)}\n`);
        process.exitCode = 1;
      }
    });
  withCommon(cmd.command('train'))
    .description('retrain the content model from the public corpora plus analyst verdicts and user reports; prints before/after metrics')
    .option('--corpora <dir>', 'the shared e-mail corpora (default ../shared/data/email beside the package)')
    .option('--limit <n>', 'at most this many messages per corpus (quick runs)')
    .addHelpText('after', '\nProgress goes to stderr. With --json, prints one object: corpusMessages, feedback, before, after, model.\n')
    .action(async (o: TrainOptions) => {
      try {
        process.exitCode = await runTrain(o);
      } catch (err) {
        if (o.json) process.stdout.write(`${JSON.stringify({ error: err instanceof WardError ? err.code : 'error', message: errorMessage(err) })}\n`);
        else process.stderr.write(`wardwatch: ${errorMessage(err)}\n`);
        process.exitCode = err instanceof WardError && err.code.startsWith('config') ? 2 : 1;
      }
    });
  return cmd;
}
