import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert } from '../src/core/alert.js';
import { configSchema } from '../src/core/config.js';
import type { WardEvent } from '../src/core/event.js';
import { newEventId } from '../src/core/ids.js';
import { correlateAlerts } from '../src/incidents/query.js';
import { ShareService } from '../src/intel/share/service.js';
import { SqliteStore } from '../src/store/sqlite/sqlite-store.js';
import { tempDir } from './helpers.js';
import { startInstance, type Instance } from './taxii-instance.js';

/**
 * Pushing an approved draft to a peer: a second Wardwatch's TAXII 2.1 server receives the bundle
 * over HTTP with the TAXII client (HTTP Basic, the peer's token as password from the environment);
 * a wrong secret leaves the draft `failed` with the peer's TAXII error, and approving again retries.
 */
describe('share to a remote TAXII peer', () => {
  let peer: Instance;
  const local = tempDir('ww-share-remote-');
  let collection = '';
  beforeAll(async () => {
    peer = await startInstance();
    collection = peer.taxii.createCollection({ alias: 'inbox', title: 'Peer inbox', writers: ['token:peer'] }).id;
  }, 60_000);
  afterAll(async () => {
    await peer?.close();
    local.cleanup();
    delete process.env.WW_TEST_PEER_SECRET;
  });

  it('publishes to the peer after approval, refuses AMBER above the peer\'s maxTlp, and reports the peer\'s refusal', async () => {
    const store = SqliteStore.open(local.dir);
    try {
      const t = new Date(Date.now() - 600_000).toISOString();
      const e = { '@timestamp': t, event: { id: newEventId(), kind: 'event' }, source: { ip: '203.0.113.201' }, destination: { ip: '10.1.1.1' }, user: { name: 'kpatel' } } as WardEvent;
      store.appendEvents([e]);
      const alert: Alert = {
        id: 'al_remote_share', time: t, created: t, title: 'Password spraying from 203.0.113.201', severity: 'high', detector: 'auth.spray', rule: 'auth.spray',
        entities: [{ type: 'ip', id: '203.0.113.201' }, { type: 'user', id: 'kpatel' }], techniques: ['T1110.003'], status: 'open', firstSeen: t, lastSeen: t,
        explanation: { summary: '', factors: [], evidence: [e.event.id], evidenceCount: 1, text: 'kpatel and 30 other accounts tried from 203.0.113.201' },
      };
      store.insertAlerts([alert]);
      const inc = correlateAlerts([alert]).incidents[0]!.id;
      const config = configSchema.parse({ intel: { share: { remotes: { peer: { apiRoot: `${peer.url}/taxii2/wardwatch/`, collection, user: 'wardwatch', secretEnv: 'WW_TEST_PEER_SECRET', maxTlp: 'green' } } } } });
      const svc = new ShareService({ store, dataDir: local.dir, config });
      expect(() => svc.propose({ incidentId: inc, tlp: 'amber', targets: { remote: 'peer' } }, 'user:ana')).toThrow(/at most TLP:GREEN/);

      const d = svc.propose({ incidentId: inc, tlp: 'green', targets: { remote: 'peer' } }, 'user:ana');
      process.env.WW_TEST_PEER_SECRET = 'not-the-peer-token';
      const failed = await svc.approve(d.id, 'user:pat');
      expect(failed.state).toBe('failed');
      expect(String((failed.result as { remote: { error: string } }).remote.error)).toMatch(/401/);
      expect(peer.taxii.count(collection)).toBe(0);

      process.env.WW_TEST_PEER_SECRET = peer.peerToken;
      const done = await svc.approve(d.id, 'user:pat');
      expect(done).toMatchObject({ state: 'published', result: { remote: { name: 'peer', added: d.bundle.objects.length, failed: 0 } } });
      expect(peer.taxii.count(collection)).toBe(d.bundle.objects.length);
      const got = await peer.send('GET', `/taxii2/wardwatch/collections/${collection}/objects/?match[type]=indicator`, { authorization: `Bearer ${peer.peerToken}`, accept: 'application/taxii+json;version=2.1' });
      expect(got.body).toContain("[ipv4-addr:value = '203.0.113.201']");
      expect(got.body).not.toContain('kpatel');
      svc.close();
    } finally {
      store.close();
    }
  }, 120_000);
});
