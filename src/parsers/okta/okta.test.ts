import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { draft } from '../common/draft-event.js';
import { oktaParser } from './index.js';

/**
 * Golden sample: elastic/integrations' Okta System Log test events
 * (packages/okta/data_stream/system/_dev/test/pipeline/test-okta-system-events.log, first three
 * lines), see test/fixtures/formats/SOURCES.md.
 */
const lines = readFileSync(new URL('../../../test/fixtures/formats/okta-system.ndjson', import.meta.url), 'utf8').trim().split('\n');
const parser = oktaParser.build({}, { dataDir: '/tmp' });
const parse = (data: string) => draft(parser.parse({ data, source: 'file:okta.ndjson', offset: 1, receivedAt: 0 })[0]!);

describe('okta parser', () => {
  it('sniffs the System Log', () => {
    expect(oktaParser.sniff!(lines)).toBe(1);
    expect(oktaParser.sniff!(['{"@timestamp":"2026-01-01T00:00:00Z"}'])).toBe(0);
  });

  it('maps logout, login and policy evaluation (golden)', () => {
    const [end, start, policy] = lines.map(parse);
    expect(end).toMatchObject({
      '@timestamp': '2020-02-14T22:18:51.843Z',
      event: { category: ['authentication'], type: ['end'], action: 'user.session.end', outcome: 'success' },
      user: { name: 'username@elastic.co', id: '00u1abvz4pYqdM8ms4x6' },
    });
    expect(start).toMatchObject({
      event: { category: ['authentication'], type: ['start'], action: 'user.session.start', outcome: 'success' },
      message: 'User login to Okta',
      user: { name: 'xxxxxx@elastic.co' },
      source: { ip: '175.16.199.1', geo: { city_name: 'Dublin', region_name: 'California', country_name: 'United States' } },
      user_agent: { original: expect.stringContaining('Firefox/72.0') },
      okta: { external_session_id: '102bZDNFfWaQSyEZQuDgWt-uQ', threat_suspected: 'false' },
    });
    expect(policy).toMatchObject({
      event: { category: ['configuration'], action: 'policy.evaluate_sign_on', outcome: 'success', reason: 'Sign-on policy evaluation resulted in ALLOW' },
      okta: { target: [{ type: 'PolicyEntity', display_name: 'Default Policy' }, { type: 'PolicyRule', display_name: 'Default Rule', alternate_id: '00p1abvweGGDW10Ur4x6' }] },
    });
  });

  it('a failed sign-in is an authentication failure with the reason', () => {
    const o = JSON.parse(lines[1]!) as Record<string, unknown>;
    o.outcome = { result: 'FAILURE', reason: 'INVALID_CREDENTIALS' };
    expect(parse(JSON.stringify(o)).event).toMatchObject({ outcome: 'failure', reason: 'INVALID_CREDENTIALS', type: ['info'] });
  });

  it('says what is wrong with a record it cannot read', () => {
    expect(() => parser.parse({ data: '{"eventType":"x"}', source: 'file:o', offset: 2, receivedAt: 0 })).toThrow(/file:o:2: not an Okta System Log event/);
  });
});
