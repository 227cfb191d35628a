import { HOUR, MIN, type DayCtx } from '../context.js';
import { readdress } from '../formats/corpus.js';
import { mailDate } from '../formats/time.js';


const NOTES = ['Shift swap request', 'Updated on-call rota', 'Reminder: annual compliance training', 'Pharmacy formulary update', 'Staff meeting minutes', 'Parking garage closure'];

/** An internal note used when the corpora are absent. */
export function internalNote(from: string, subject: string): string {
  return `From: ${from}\nSubject: ${subject}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nPlease see the details on the intranet.\n`;
}

/** Ordinary mail: ham from the shared corpus (re-addressed to staff) and internal notes. */
export function runMail(ctx: DayCtx): void {
  const { world, rng, emit, t0, dow, corpus } = ctx;
  const per = world.profile === 'clinic' ? 8 : world.profile === 'hospital' ? 120 : 400;
  const n = rng.poisson(dow < 5 ? per : per / 4);
  const mx = `mail01.${world.domain}`;
  for (let i = 0; i < n; i++) {
    const to = rng.pick(world.staff);
    const t = t0 + rng.int(6, 20) * HOUR + rng.int(0, 59) * MIN;
    const base = corpus.ham.length && rng.chance(0.8) ? rng.pick(corpus.ham) : internalNote(`${rng.pick(world.staff).email}`, rng.pick(NOTES));
    emit('mail', t, readdress(base, to.email, mailDate(t), mx, `${ctx.ids.seq()}.sim@${world.domain}`));
  }
}
