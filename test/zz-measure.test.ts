import { it } from 'vitest';
import { AUTH_DETECTORS, ingestRecording, isGuessingRecording, shortName, windowsRecordings } from './windows-credential-data.js';
it('measure', async () => {
  const all = windowsRecordings();
  for (const f of all) {
    let alerts;
    try { alerts = await ingestRecording(f); } catch (err) { console.log('ERR', shortName(f), (err as Error).message); continue; }
    const auth = alerts.filter((a) => AUTH_DETECTORS.includes(a.detector));
    if (isGuessingRecording(f) || auth.length) console.log(isGuessingRecording(f) ? 'ATTACK' : 'OTHER', shortName(f), '|', auth.map((a) => `${a.detector}: ${a.title} :: ${a.explanation.text}`).join(' || '));
  }
  console.log('total', all.length);
}, 900_000);
