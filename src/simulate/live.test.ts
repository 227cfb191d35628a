import { describe, expect, it } from 'vitest';
import { LiveOutput, telemetryToEcs } from './live.js';
import type { DayBatch } from './output.js';

function fakeServer(script: number[]) {
  const calls: Array<{ url: string; body: string }> = [];
  const impl = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), body: String(init?.body) });
    const status = script.shift() ?? 202;
    return new Response(status === 202 ? JSON.stringify({ accepted: 1, events: String(init?.body).trim().split('\n').length, deadLetters: 0 }) : '{"error":"x"}', {
      status, headers: status === 429 ? { 'retry-after': '0.01' } : {},
    });
  }) as typeof fetch;
  return { calls, impl };
}

const batch = (): DayBatch => new Map([
  ['auth', [{ t: 2, line: 'Jan  5 00:00:02 h sshd[1]: Failed password for root from 1.2.3.4 port 5 ssh2' }]],
  ['windows', [{ t: 1, line: '{"@timestamp":"2026-01-05T00:00:00.001Z","event":{"category":["authentication"]}}' }]],
]);

describe('LiveOutput', () => {
  it('sends syslog lines with ?format=syslog and ECS as json, retrying after 429', async () => {
    const { calls, impl } = fakeServer([429, 202, 202]);
    const live = new LiveOutput({ url: 'http://x:1/', token: 't', fetchImpl: impl });
    await live.writeDay(0, 0, batch());
    expect(calls.map((c) => c.url)).toEqual([
      'http://x:1/api/ingest?format=json&source=simulate-windows',
      'http://x:1/api/ingest?format=json&source=simulate-windows',
      'http://x:1/api/ingest?format=syslog&source=simulate-auth',
    ]);
    expect(live.sent).toBe(2);
  });

  it('drops a stream the server has no parser for, once, and goes on', async () => {
    const { calls, impl } = fakeServer([400, 202]);
    const logs: string[] = [];
    const live = new LiveOutput({ url: 'http://x:1', token: 't', fetchImpl: impl, log: (m) => logs.push(m) });
    await live.writeDay(0, 0, batch());
    await live.writeDay(1, 0, batch());
    expect(logs).toHaveLength(1);
    expect(calls.filter((c) => c.url.includes('simulate-windows'))).toHaveLength(1);
  });

  it('streams every stream: EHR CSV and Zeek with their header on each body, HL7, and one request per e-mail', async () => {
    const { calls, impl } = fakeServer([]);
    const live = new LiveOutput({ url: 'http://x:1', token: 't', fetchImpl: impl });
    await live.writeDay(0, Date.UTC(2026, 0, 5), new Map([
      ['ehr', [{ t: 1, line: '2026-01-05T00:00:01Z,njones,nurse' }, { t: 2, line: '2026-01-05T00:00:02Z,njones,nurse' }]],
      ['zeek-conn', [{ t: 3, line: '1767571203.0\tC1\t10.0.0.1' }]],
      ['hl7', [{ t: 4, line: 'MSH|^~\\&|EPIC\rPID|1' }]],
      ['mail', [{ t: 5, line: 'From: a@b\n\nhello' }, { t: 6, line: 'From: c@d\n\nbye' }]],
    ]));
    const by = (stream: string) => calls.filter((c) => c.url.endsWith(`source=simulate-${stream}`));
    expect(by('ehr')).toHaveLength(1);
    expect(by('ehr')[0]!.url).toContain('format=ehr-csv');
    expect(by('ehr')[0]!.body.split('\n')[0]).toMatch(/^time,user,/);
    expect(by('zeek-conn')[0]!.body).toMatch(/^#separator/);
    expect(by('zeek-conn')[0]!.url).toContain('format=zeek');
    expect(by('hl7')[0]!.url).toContain('format=hl7v2');
    expect(by('mail').map((c) => c.body)).toEqual(['From: a@b\n\nhello', 'From: c@d\n\nbye']);
    expect(live.sent).toBe(6);
  });

  it('turns MQTT telemetry into ECS device metrics', () => {
    const e = JSON.parse(telemetryToEcs('{"ts":"2026-01-05T00:00:00.000Z","device":{"id":"D1","type":"infusion_pump","ip":"10.30.0.2"},"metrics":{"flow_rate_ml_h":5}}')) as Record<string, any>;
    expect(e).toMatchObject({ '@timestamp': '2026-01-05T00:00:00.000Z', device: { id: 'D1', type: 'infusion_pump', metrics: { flow_rate_ml_h: 5 } }, host: { ip: ['10.30.0.2'] } });
  });
});
