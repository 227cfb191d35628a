import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { draft } from '../common/draft-event.js';
import { m365Parser } from './index.js';

/**
 * Golden sample: the Microsoft Graph documentation's `GET /auditLogs/signIns` example response
 * (microsoftgraph/microsoft-graph-docs-contrib, api-reference/v1.0/api/signin-list.md), see
 * test/fixtures/formats/SOURCES.md.
 */
const page = JSON.parse(readFileSync(new URL('../../../test/fixtures/formats/graph-signins.json', import.meta.url), 'utf8')) as { value: unknown[] };
const parser = m365Parser.build({}, { dataDir: '/tmp' });
const rec = (o: unknown) => ({ data: JSON.stringify(o), source: 'file:signins.json', offset: 1, receivedAt: 0 });

describe('m365 parser', () => {
  it('maps the Graph docs sign-in to ECS (golden)', () => {
    const e = draft(parser.parse(rec(page.value[0]))[0]!);
    expect(e).toMatchObject({
      '@timestamp': '2020-03-13T19:15:41.619Z',
      event: { category: ['authentication'], type: ['start'], action: 'sign-in', outcome: 'success', code: '0', module: 'm365', dataset: 'entra.signin' },
      user: { name: 'testaccount1@contoso.com', id: '26be570a-ae82-4189-b4e2-a37c6808512d', domain: 'contoso.com' },
      source: { ip: '131.107.159.37', geo: { city_name: 'Redmond', region_name: 'Washington', country_iso_code: 'US' } },
      m365: { signin: { app: 'Graph explorer', client_app: 'Browser', conditional_access_status: 'notApplied', risk_level: 'none', device_os: 'Windows 10', interactive: true } },
    });
    expect(m365Parser.sniff!([JSON.stringify(page.value[0])])).toBe(1);
  });

  it('a non-zero errorCode is a failure with the reason, and the Azure diagnostic form is read too', () => {
    const failed = { ...(page.value[0] as object), status: { errorCode: 50126, failureReason: 'Error validating credentials due to invalid username or password.' } };
    const e = draft(parser.parse(rec({ category: 'SignInLogs', properties: failed }))[0]!);
    expect(e.event).toMatchObject({ outcome: 'failure', code: '50126', reason: expect.stringContaining('invalid username or password'), type: ['info'] });
  });

  it('maps unified audit log logins (UserLoginFailed) and other operations', () => {
    const ual = { CreationTime: '2020-03-13T19:15:41', Id: 'x1', Operation: 'UserLoginFailed', OrganizationId: 'o', RecordType: 15, ResultStatus: 'Failed', UserKey: 'k', UserType: 0, Workload: 'AzureActiveDirectory', ClientIP: '203.0.113.7:51234', UserId: 'Someone@Contoso.com', LogonError: 'InvalidUserNameOrPassword' };
    const e = draft(parser.parse(rec(ual))[0]!);
    expect(e).toMatchObject({ '@timestamp': '2020-03-13T19:15:41.000Z', event: { category: ['authentication'], outcome: 'failure', reason: 'InvalidUserNameOrPassword' }, user: { name: 'someone@contoso.com' }, source: { ip: '203.0.113.7' } });
    const file = draft(parser.parse(rec({ ...ual, Operation: 'FileDownloaded', Workload: 'SharePoint', ResultStatus: 'Succeeded', ClientIP: '[2001:db8::1]:443' }))[0]!);
    expect(file).toMatchObject({ event: { category: ['file'], action: 'FileDownloaded', outcome: 'success' }, source: { ip: '2001:db8::1' } });
  });

  it('says what is wrong with a record it cannot read', () => {
    expect(() => parser.parse({ data: '{"a":1}', source: 'file:x', offset: 3, receivedAt: 0 })).toThrow(/file:x:3: not an Entra ID sign-in/);
    expect(() => parser.parse({ data: '{"a":', source: 'file:x', offset: 4, receivedAt: 0 })).toThrow(/not JSON/);
    expect(m365Parser.sniff!(['{"@timestamp":"2026-01-01T00:00:00Z"}'])).toBe(0);
  });
});
