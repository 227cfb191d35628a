import { z } from 'zod';
import type { ExplanationFactor } from '../../core/alert.js';
import type { DetectorDef, EmitAlert } from '../../core/components.js';
import type { WardEvent } from '../../core/event.js';
import { QuantileSketch } from '../../ml/quantile-sketch.js';
import { isTimeZone } from '../../ml/time.js';
import { KeyedDetector } from '../keyed-detector.js';
import { networkAlert } from './alert.js';
import { duration, severity } from './config.js';
import { DEFAULT_RANGES, implausible, inMaintenance } from './telemetry-rules.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM');
const config = z.strictObject({
  /** Possible ranges per metric (merged over the defaults). */
  ranges: z.record(z.string(), z.strictObject({ min: z.number(), max: z.number(), maxStepPerMin: z.number().positive().optional() })).default({}),
  /** Firmware and configuration changes are expected only inside these windows (local time). */
  maintenanceWindows: z.array(z.strictObject({ days: z.array(z.number().int().min(0).max(6)).min(1), start: hhmm, end: hhmm })).default([{ days: [0, 1, 2, 3, 4, 5, 6], start: '01:00', end: '05:00' }]),
  timeZone: z.string().default('UTC').refine(isTimeZone, { message: 'unknown IANA time zone' }),
  /** `event.action` values that change a device's firmware or configuration. */
  changeActions: z.array(z.string()).default(['firmware_update', 'config_change', 'configuration_change', 'settings_change', 'drug_library_update']),
  /** A reading this many robust σ from the device's own median (after `minReadings`) is reported. */
  maxRobustZ: z.number().positive().default(12),
  minReadings: z.number().int().min(5).default(48),
  /** One alert per device and kind within this time. */
  cooldown: duration('1h'),
  halfLife: duration('30d'),
  severity: severity.default('high'),
  maxEvidence: z.number().int().positive().max(1000).default(50),
});
type Config = z.output<typeof config>;

interface State { ip?: string; cls?: string; prev?: Record<string, number>; prevT: number; sketches: Record<string, QuantileSketch>; alerted: Record<string, number>; last: number }

/** Device telemetry tampering: impossible or inconsistent readings, readings far outside the device's baseline, changes outside maintenance windows. */
class TelemetryTampering extends KeyedDetector<State> {
  private readonly ranges;

  constructor(private readonly cfg: Config, private readonly rule: string) {
    super(Math.max(cfg.halfLife, 7 * 86_400_000));
    this.ranges = { ...DEFAULT_RANGES, ...cfg.ranges };
  }

  accepts(e: WardEvent): boolean {
    return typeof e.device?.id === 'string' && (e.device.metrics !== undefined || this.cfg.changeActions.includes(e.event.action ?? ''));
  }

  key(e: WardEvent): string | undefined {
    return e.device?.id;
  }

  protected fresh(): State {
    return { prevT: 0, sketches: {}, alerted: {}, last: 0 };
  }

  private fire(st: State, kind: string, t: number): boolean {
    const at = st.alerted[kind];
    if (at !== undefined && t - at < this.cfg.cooldown) return false;
    st.alerted[kind] = t;
    return true;
  }

  protected step(st: State, e: WardEvent, t: number, key: string, emit: EmitAlert): void {
    st.last = Math.max(st.last, t);
    const ip = e.host?.ip?.[0];
    if (typeof ip === 'string') st.ip = ip;
    if (typeof e.device?.type === 'string') st.cls = e.device.type;
    const cls = st.cls ?? 'device';
    const send = (kind: string, title: string, summary: string, factors: ExplanationFactor[], techniques: string[]) => {
      if (!this.fire(st, kind, t)) return;
      emit(networkAlert({
        rule: this.rule, key: `${key}|${kind}`, first: t, last: t, maxEvidence: this.cfg.maxEvidence,
        title, severity: this.cfg.severity, ips: st.ip ? [st.ip] : [], devices: [key], techniques, summary, factors, evidence: [e.event.id],
      }));
    };
    const action = e.event.action ?? '';
    if (this.cfg.changeActions.includes(action) && !inMaintenance(t, this.cfg.maintenanceWindows, this.cfg.timeZone)) {
      const when = this.cfg.maintenanceWindows.map((w) => `${w.start}–${w.end}`).join(', ');
      send('change', `${action.replace(/_/g, ' ')} on ${cls} ${key} outside maintenance windows`,
        `${key}, a ${cls}, reported ${action.replace(/_/g, ' ')} at ${new Date(t).toISOString().slice(11, 16)} UTC, outside its maintenance windows (${when} ${this.cfg.timeZone})`,
        [{ feature: 'change_outside_window', label: 'device change', observed: action, baseline: { kind: 'threshold', value: when, description: `maintenance windows ${when} ${this.cfg.timeZone}` } }],
        ['T0836', 'T0839']);
    }
    const m = e.device?.metrics;
    if (!m) return;
    const bad = implausible(m, st.prev, t - st.prevT, this.ranges);
    if (bad.length) {
      send('implausible', `Implausible telemetry from ${cls} ${key}: ${bad[0]!.reason}`,
        `${key}, a ${cls}, reported readings that cannot be physically true: ${bad.map((b) => b.reason).join('; ')}`,
        bad.map((b) => ({ feature: `implausible_${b.metric}`, label: b.metric, observed: b.observed, baseline: { kind: 'threshold' as const, value: b.expected, description: `expected ${b.expected}` } })),
        ['T0856', 'T0832']);
    }
    const far: ExplanationFactor[] = [];
    for (const [k, v] of Object.entries(m)) {
      if (!Number.isFinite(v)) continue;
      const s = (st.sketches[k] ??= new QuantileSketch(16, this.cfg.halfLife));
      if (s.weight >= this.cfg.minReadings * 0.5 && Object.keys(st.sketches).length <= 64) {
        const { median, scale } = s.robust(Math.max(1e-6, Math.abs(s.quantile(0.5)) * 0.01));
        const z = Math.abs(v - median) / scale;
        if (z > this.cfg.maxRobustZ) far.push({ feature: `baseline_${k}`, label: k, observed: v, baseline: { kind: 'self', value: median, description: `this device's median ${median.toFixed(1)}, robust σ ${scale.toFixed(1)} (${z.toFixed(0)} σ away)` } });
      }
      if (!far.some((f) => f.feature === `baseline_${k}`)) s.add(v, t);
    }
    if (far.length) {
      send('baseline', `Telemetry of ${cls} ${key} far outside its baseline: ${far.map((f) => `${f.label} ${f.observed}`).join(', ')}`,
        `${key}, a ${cls}, reported ${far.map((f) => `${f.label} ${f.observed}`).join(', ')}, far from anything it reported before`, far, ['T0832', 'T0836']);
    }
    st.prev = m;
    st.prevT = t;
  }

  protected lastSeen(st: State): number {
    return st.last;
  }

  protected encode(st: State): unknown {
    const s: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(st.sketches)) s[k] = v.toJSON();
    return { i: st.ip, c: st.cls, p: st.prev, pt: st.prevT, s, a: st.alerted, l: st.last };
  }

  protected decode(raw: unknown): State {
    const r = (raw ?? {}) as Record<string, unknown>;
    const sketches: Record<string, QuantileSketch> = {};
    if (r.s && typeof r.s === 'object') for (const [k, v] of Object.entries(r.s)) sketches[k] = QuantileSketch.from(v, 16, this.cfg.halfLife);
    const st: State = { prevT: Number(r.pt) || 0, sketches, alerted: (r.a && typeof r.a === 'object' ? r.a : {}) as Record<string, number>, last: Number(r.l) || 0 };
    if (typeof r.i === 'string') st.ip = r.i;
    if (typeof r.c === 'string') st.cls = r.c;
    if (r.p && typeof r.p === 'object') st.prev = r.p as Record<string, number>;
    return st;
  }
}

/** `device.telemetry_tampering`: impossible or inconsistent vital signs and readings, readings far from the device's baseline, firmware/config changes outside maintenance windows. */
export const telemetryTamperingDetector: DetectorDef<Config> = {
  type: 'device.telemetry_tampering',
  description: 'Medical-device telemetry that cannot be true (out of physical range, jumps faster than physiology, heart rate 0 with a normal SpO2, pump rate above its limit), readings far outside the device\'s own baseline, and firmware or configuration changes outside maintenance windows.',
  config,
  build: (cfg, ctx) => new TelemetryTampering(cfg, ctx.name),
};
