/** A physiological or device range: readings outside it cannot be real. */
export interface Range { min: number; max: number; /** Largest believable change per minute between consecutive readings. */ maxStepPerMin?: number }

/** Ranges for common vital signs and device readings (adult and paediatric extremes, not clinical targets). */
export const DEFAULT_RANGES: Record<string, Range> = {
  heart_rate_bpm: { min: 0, max: 300, maxStepPerMin: 60 },
  spo2_pct: { min: 0, max: 100, maxStepPerMin: 15 },
  resp_rate: { min: 0, max: 80, maxStepPerMin: 20 },
  temp_c: { min: 25, max: 45, maxStepPerMin: 0.5 },
  systolic_mmhg: { min: 30, max: 300, maxStepPerMin: 60 },
  diastolic_mmhg: { min: 10, max: 200, maxStepPerMin: 50 },
  flow_rate_ml_h: { min: 0, max: 1200 },
  tidal_volume_ml: { min: 0, max: 2500 },
  peep_cmh2o: { min: 0, max: 40 },
  battery_pct: { min: 0, max: 100 },
};

/** One implausible or inconsistent reading. */
export interface Implausibility { metric: string; observed: number; reason: string; expected: string }

/**
 * Readings that cannot be physically true, or contradict each other: out of range, a jump faster
 * than physiology allows since the previous reading, a heart rate of 0 while SpO2 reads normal
 * (a pulse oximeter needs a pulse), a pump rate above its own configured limit.
 *
 * @example
 * implausible({ heart_rate_bpm: 0, spo2_pct: 97 }, undefined, 0, DEFAULT_RANGES)[0]?.reason // 'heart rate 0 while SpO2 reads 97 %'
 */
export function implausible(m: Record<string, number>, prev: Record<string, number> | undefined, dtMs: number, ranges: Record<string, Range>): Implausibility[] {
  const out: Implausibility[] = [];
  for (const [k, v] of Object.entries(m)) {
    const r = ranges[k];
    if (!r || !Number.isFinite(v)) continue;
    if (v < r.min || v > r.max) out.push({ metric: k, observed: v, reason: `${k} ${v} outside the possible range`, expected: `${r.min}–${r.max}` });
    const p = prev?.[k];
    if (r.maxStepPerMin !== undefined && p !== undefined && dtMs > 0 && dtMs <= 10 * 60_000) {
      const step = Math.abs(v - p) / Math.max(dtMs / 60_000, 1 / 6);
      if (step > r.maxStepPerMin) out.push({ metric: k, observed: v, reason: `${k} moved from ${p} to ${v} in ${Math.round(dtMs / 1000)} s`, expected: `at most ${r.maxStepPerMin} per minute` });
    }
  }
  const hr = m.heart_rate_bpm;
  const spo2 = m.spo2_pct;
  if (hr !== undefined && spo2 !== undefined && hr <= 0 && spo2 >= 80) {
    out.push({ metric: 'heart_rate_bpm', observed: hr, reason: `heart rate ${hr} while SpO2 reads ${spo2} %`, expected: 'a pulse whenever SpO2 is measured' });
  }
  const rate = m.flow_rate_ml_h;
  const limit = m.max_rate_limit_ml_h;
  if (rate !== undefined && limit !== undefined && rate > limit) {
    out.push({ metric: 'flow_rate_ml_h', observed: rate, reason: `pump rate ${rate} mL/h above its own limit ${limit}`, expected: `≤ ${limit}` });
  }
  return out;
}

/** A maintenance window: days of the week (0 = Sunday) and a local time span `HH:MM`–`HH:MM` (may cross midnight). */
export interface MaintenanceWindow { days: number[]; start: string; end: string }

const minutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * Whether `t` falls in one of the windows, in the given time zone.
 *
 * @example
 * inMaintenance(Date.parse('2026-01-05T02:30:00Z'), [{ days: [0,1,2,3,4,5,6], start: '01:00', end: '05:00' }], 'UTC') // true
 */
export function inMaintenance(t: number, windows: readonly MaintenanceWindow[], timeZone: string): boolean {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(t));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const dow = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  const now = Number(get('hour')) * 60 + Number(get('minute'));
  for (const w of windows) {
    const s = minutes(w.start);
    const e = minutes(w.end);
    if (s <= e ? w.days.includes(dow) && now >= s && now < e : (w.days.includes(dow) && now >= s) || (w.days.includes((dow + 6) % 7) && now < e)) return true;
  }
  return false;
}
