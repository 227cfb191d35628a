import { z } from 'zod';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { QuantileSketch } from '../../ml/quantile-sketch.js';
import { KeyedDetector } from '../keyed-detector.js';
import { bytes, networkAlert } from './alert.js';
import { common, duration, severity } from './config.js';

/** Ransom notes dropped beside encrypted files (names seen across families: LockBit, Conti, Ryuk, BlackCat…). */
const NOTE_DEFAULTS = [
  '(^|[\\\\/])(how|help)[_ -]?(to)?[_ -]?(decrypt|recover|restore)', 'readme.*(decrypt|recover|lock)', '(decrypt|recover|restore)[_ -]?(my|your)?[_ -]?files',
  '^_readme\\.txt$', 'ryukreadme', '^!+.*!+\\.(txt|html?)$',
];

const config = z.strictObject({
  window: duration('10m'),
  /** SMB file writes and renames by one client within a window (from smb_files events)… */
  minFileOps: z.number().int().min(1).default(100),
  /** …or bytes written over SMB (from connection records) within a window… */
  minBytes: z.number().int().min(1).default(2_000_000_000),
  /** …and this many times the client's own 99th percentile per window. */
  factor: z.number().min(1).default(5),
  /** File names (regular expressions, case-insensitive) of ransom notes: one is enough. */
  notePatterns: z.array(z.string()).default(NOTE_DEFAULTS),
  ports: z.array(z.number().int()).default([445, 139]),
  cooldown: duration('6h'),
  halfLife: duration('30d'),
  severity: severity.default('critical'),
  ...common,
});
type Config = z.output<typeof config>;

interface State { start: number; ops: number; renames: number; written: number; files: Set<string>; notes: string[]; server: Set<string>; ids: string[]; opsBase: QuantileSketch; bytesBase: QuantileSketch; last: number; alerted: number }

/** The SMB file action of an event: Zeek smb_files `action` (SMB::FILE_WRITE…) or an ECS `event.action`. */
function fileAction(e: WardEvent): { action: string; name: string; prev?: string } | undefined {
  const raw = e.raw as Record<string, unknown> | undefined;
  const a = String(raw?.action ?? e.event.action ?? '').toUpperCase();
  const name = String(raw?.name ?? e.file?.name ?? e.file?.path ?? '');
  if (!name) return undefined;
  const action = a.includes('RENAME') ? 'rename' : a.includes('WRITE') ? 'write' : a.includes('DELETE') ? 'delete' : a.includes('OPEN') ? 'open' : a.includes('READ') ? 'read' : '';
  if (!action) return undefined;
  const prev = raw?.prev_name;
  return { action, name, ...(typeof prev === 'string' && prev !== '-' ? { prev } : {}) };
}

/** Ransomware on file shares: bursts of SMB writes and renames, ransom-note names, write volume far above the client's baseline. */
class RansomwareSmb extends KeyedDetector<State> {
  private readonly notes: RegExp[];

  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(Math.max(cfg.halfLife, 7 * 86_400_000));
    this.notes = cfg.notePatterns.map((p) => new RegExp(p, 'i'));
  }

  private isSmbFile(e: WardEvent): boolean {
    return (e.event.dataset === 'zeek.smb_files' || (e.network?.protocol === 'smb' && e.file !== undefined)) && !!e.source?.ip;
  }

  private isSmbConn(e: WardEvent): boolean {
    return e.event.action === 'connection' && !!e.source?.ip && (e.network?.protocol === 'smb' || this.cfg.ports.includes(Number(e.destination?.port)));
  }

  accepts(e: WardEvent): boolean {
    return this.isSmbFile(e) || this.isSmbConn(e);
  }

  key(e: WardEvent): string | undefined {
    return e.source?.ip;
  }

  protected fresh(): State {
    return { start: 0, ops: 0, renames: 0, written: 0, files: new Set(), notes: [], server: new Set(), ids: [], opsBase: new QuantileSketch(16, this.cfg.halfLife), bytesBase: new QuantileSketch(16, this.cfg.halfLife), last: 0, alerted: 0 };
  }

  protected step(st: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    st.last = Math.max(st.last, t);
    const w = Math.floor(t / this.cfg.window) * this.cfg.window;
    if (w > st.start) {
      if (st.start > 0) {
        if (st.ops > 0) st.opsBase.add(st.ops, st.start + this.cfg.window);
        if (st.written > 0) st.bytesBase.add(st.written, st.start + this.cfg.window);
      }
      Object.assign(st, { start: w, ops: 0, renames: 0, written: 0, files: new Set(), notes: [], server: new Set(), ids: [] });
    }
    if (e.destination?.ip) st.server.add(e.destination.ip);
    let note = false;
    if (this.isSmbFile(e)) {
      const a = fileAction(e);
      if (!a || (a.action !== 'write' && a.action !== 'rename')) return;
      st.ops++;
      if (a.action === 'rename') st.renames++;
      if (st.files.size < 10_000) st.files.add(a.name);
      const base = a.name.split(/[\\/]/).pop() ?? a.name;
      if (this.notes.some((r) => r.test(base))) {
        note = true;
        if (st.notes.length < 5 && !st.notes.includes(base)) st.notes.push(base);
      }
    } else {
      st.written += Number(e.source?.bytes) || 0;
    }
    if (st.ids.length < this.cfg.maxEvidence) st.ids.push(e.event.id);
    if (st.alerted && t - st.alerted < this.cfg.cooldown) return;
    const opsP99 = st.opsBase.weight > 0 ? st.opsBase.quantile(0.99) : 0;
    const bytesP99 = st.bytesBase.weight > 0 ? st.bytesBase.quantile(0.99) : 0;
    const opsBurst = st.ops >= Math.max(this.cfg.minFileOps, this.cfg.factor * opsP99);
    const bytesBurst = st.written >= Math.max(this.cfg.minBytes, this.cfg.factor * bytesP99);
    if (!note && !opsBurst && !bytesBurst) return;
    st.alerted = t;
    const why = [note ? `ransom-note file ${st.notes.join(', ')}` : '', opsBurst ? `${st.ops} file writes/renames` : '', bytesBurst ? `${bytes(st.written)} written` : ''].filter(Boolean);
    emit(networkAlert({
      rule: this.rule, key, first: st.start, last: t, maxEvidence: this.cfg.maxEvidence,
      title: `Possible ransomware on file shares from ${key}: ${why.join('; ')}`,
      severity: this.cfg.severity,
      ips: [key, ...st.server], techniques: ['T1486'],
      summary: `${key} on SMB share(s) ${[...st.server].join(', ')}: ${why.join('; ')} within ${Math.round(this.cfg.window / 60_000)} minutes`,
      factors: [
        { feature: 'smb_file_ops', label: 'SMB file writes and renames', observed: st.ops, windowMs: t - st.start, threshold: this.cfg.minFileOps, baseline: { kind: 'self', value: opsP99, description: `this client's 99th percentile ${opsP99.toFixed(0)} per window` } },
        { feature: 'smb_renames', label: 'renames', observed: st.renames },
        { feature: 'smb_bytes_written', label: 'bytes written over SMB', observed: st.written, baseline: { kind: 'self', value: bytesP99, description: `this client's 99th percentile ${bytes(bytesP99)} per window` } },
        ...(note ? [{ feature: 'ransom_note', label: 'ransom-note file names', observed: st.notes.join(', ') }] : []),
      ],
      evidence: st.ids,
    }));
  }

  protected lastSeen(st: State): number {
    return st.last;
  }

  protected encode(st: State): unknown {
    return { o: st.opsBase.toJSON(), b: st.bytesBase.toJSON(), l: st.last, a: st.alerted };
  }

  protected decode(raw: unknown): State {
    const r = (raw ?? {}) as Record<string, unknown>;
    return { ...this.fresh(), opsBase: QuantileSketch.from(r.o, 16, this.cfg.halfLife), bytesBase: QuantileSketch.from(r.b, 16, this.cfg.halfLife), last: Number(r.l) || 0, alerted: Number(r.a) || 0 };
  }
}

/** `network.ransomware_smb`: mass writes and renames on file shares, ransom-note names. */
export const ransomwareSmbDetector: DetectorDef<Config> = {
  type: 'network.ransomware_smb',
  description: 'Ransomware on file shares: one client\'s SMB file writes and renames (Zeek smb_files) or bytes written (conn) far above its own baseline within a window, or a ransom-note file name.',
  config,
  build: (cfg, ctx) => new RansomwareSmb(cfg, ctx.name),
};
