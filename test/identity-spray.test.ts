import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { WardEvent } from '../src/core/event.js';
import { newEventId } from '../src/core/ids.js';
import { sprayDetector } from '../src/detect/auth-abuse/index.js';
import { runDetector } from '../src/detect/testing.js';
import { BUILTIN_PARSERS, sniffFormat } from '../src/parsers/index.js';
import { frameText } from '../src/sources/framing.js';
import { ROOT } from './helpers.js';

/**
 * A password spray seen by a cloud identity provider, as an export a user would download: the
 * public samples (test/fixtures/formats/SOURCES.md) turned into failures from one address against
 * many accounts, written the way each service exports them (Okta: a pretty-printed JSON array;
 * Entra ID: a Graph `{"value": [...]}` page). Framing → sniffing → parser → auth.spray, as ingest runs them.
 */
const FIX = join(ROOT, 'test/fixtures/formats');
const ATTACKER = '198.51.100.23';
const USERS = Array.from({ length: 12 }, (_, i) => `staff${String(i + 1).padStart(2, '0')}@example.org`);
const T0 = Date.parse('2026-03-02T02:00:00Z');

function pipeline(text: string): { format: string | undefined; events: WardEvent[] } {
  const frames = frameText(text).map((f) => f.data);
  const format = sniffFormat(BUILTIN_PARSERS, frames.slice(0, 20));
  const def = BUILTIN_PARSERS.find((d) => d.name === format)!;
  const parser = def.build(def.config.parse({}), { dataDir: '/tmp' });
  const events = frames.flatMap((data, i) => parser.parse({ data, source: 'file:export.json', offset: i + 1, receivedAt: 0 }) as WardEvent[]);
  for (const e of events) e.event.id = newEventId();
  return { format, events };
}

function spray(events: WardEvent[]) {
  const det = sprayDetector.build(sprayDetector.config.parse({ distinctUsers: 10, window: '10m' }), { dataDir: '/tmp', name: 'auth.spray' });
  return runDetector(det, events);
}

describe('a password spray in identity-provider exports raises auth.spray', () => {
  it('Okta System Log export (pretty-printed JSON array)', () => {
    const start = JSON.parse(readFileSync(join(FIX, 'okta-system.ndjson'), 'utf8').split('\n')[1]!) as Record<string, unknown>;
    const attempts = USERS.map((u, i) => ({
      ...start,
      actor: { ...(start.actor as object), alternateId: u, id: 'unknown' },
      client: { ...(start.client as object), ipAddress: ATTACKER },
      outcome: { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' },
      published: new Date(T0 + i * 20_000).toISOString(),
    }));
    const { format, events } = pipeline(JSON.stringify(attempts, null, 2));
    expect(format).toBe('okta');
    expect(events).toHaveLength(12);
    const alerts = spray(events);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.title).toBe(`Password spraying from ${ATTACKER}`);
    expect(alerts[0]!.entities.filter((x) => x.type === 'user').map((x) => x.id)).toContain('staff01@example.org');
  });

  it('Entra ID sign-ins (Graph page), failures with errorCode 50126; successes do not count', () => {
    const page = JSON.parse(readFileSync(join(FIX, 'graph-signins.json'), 'utf8')) as { value: Array<Record<string, unknown>> };
    const base = page.value[0]!;
    const value = USERS.map((u, i) => ({
      ...base,
      userPrincipalName: u,
      ipAddress: ATTACKER,
      createdDateTime: new Date(T0 + i * 15_000).toISOString(),
      status: { errorCode: 50126, failureReason: 'Error validating credentials due to invalid username or password.' },
    }));
    const { format, events } = pipeline(JSON.stringify({ ...page, value }, null, 4));
    expect(format).toBe('m365');
    expect(events.every((e) => e.event.outcome === 'failure' && e.event.category?.includes('authentication'))).toBe(true);
    expect(spray(events)).toHaveLength(1);

    const benign = pipeline(JSON.stringify({ ...page, value: value.map((v) => ({ ...v, status: { errorCode: 0 } })) }, null, 4));
    expect(spray(benign.events)).toHaveLength(0);
  });
});
