import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCatalogue, refreshVulnFeeds, vulnPaths } from './feeds.js';

const KEV = JSON.stringify({ vulnerabilities: [{ cveID: 'CVE-2099-1', vendorProject: 'BD', product: 'Alaris', vulnerabilityName: 'test' }] });
const CSAF = JSON.stringify({ document: { title: 'Pump advisory', tracking: { id: 'ICSMA-99-1' } }, product_tree: { branches: [{ category: 'vendor', name: 'Baxter', branches: [{ category: 'product_name', name: 'Sigma Spectrum' }] }] }, vulnerabilities: [{ cve: 'CVE-2099-1' }] });

describe('refreshVulnFeeds', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ww-vfeeds-'));
  let srv: Server;
  let base = '';
  let down = false;
  beforeAll(async () => {
    srv = createServer((req, res) => {
      if (down) { res.statusCode = 503; res.end(); return; }
      const body = req.url === '/kev.json' ? KEV : req.url === '/csaf/index.txt' ? '2024/icsma-99-1.json\n2024/icsa-99-2.json\n' : req.url === '/csaf/2024/icsma-99-1.json' ? CSAF : undefined;
      if (!body) { res.statusCode = 404; res.end(); return; }
      res.end(body);
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  });
  afterAll(() => { srv.close(); rmSync(dir, { recursive: true, force: true }); });

  it('downloads KEV and the medical CSAF advisories listed in index.txt, owner-only, and remembers the sources', async () => {
    const data = join(dir, 'data');
    const r = await refreshVulnFeeds(data, { kev: `${base}/kev.json`, csaf: `${base}/csaf/index.txt` });
    expect(r.map((x) => [x.name, x.outcome, x.entries])).toEqual([['cisa-kev', 'updated', 1], ['icsma-csaf', 'updated', 1]]);
    const p = vulnPaths(data);
    expect(statSync(p.kev).mode & 0o077).toBe(0);
    expect(existsSync(join(p.csaf, 'icsa-99-2.json'))).toBe(false);
    const cat = openCatalogue(data);
    expect(cat.loaded).toMatchObject({ kev: 1, advisories: 1 });
    // Without arguments, the remembered sources are used; a failing source keeps the previous copy.
    down = true;
    const again = await refreshVulnFeeds(data);
    down = false;
    expect(again.map((x) => x.outcome)).toEqual(['failed', 'failed']);
    expect(again[0]!.message).toMatch(/HTTP 503.*previous catalogue is kept/);
    expect(openCatalogue(data).loaded).toMatchObject({ kev: 1, advisories: 1 });
  });

  it('copies from local paths, rejects a file that is not a KEV catalogue, and does nothing without sources', async () => {
    const src = join(dir, 'src');
    mkdirSync(join(src, 'csaf', '2024'), { recursive: true });
    writeFileSync(join(src, 'csaf', '2024', 'icsma-99-1.json'), CSAF);
    writeFileSync(join(src, 'bad.json'), '{"title":"nope"}');
    const data = join(dir, 'data2');
    const r = await refreshVulnFeeds(data, { kev: join(src, 'bad.json'), csaf: join(src, 'csaf') });
    expect(r[0]).toMatchObject({ outcome: 'failed' });
    expect(r[0]!.message).toMatch(/not a CISA KEV catalogue/);
    expect(r[1]).toMatchObject({ outcome: 'updated', entries: 1 });
    expect(JSON.parse(readFileSync(vulnPaths(data).sources, 'utf8'))).toMatchObject({ csaf: join(src, 'csaf') });
    expect(await refreshVulnFeeds(join(dir, 'empty'))).toEqual([]);
    expect(existsSync(join(dir, 'empty'))).toBe(false);
  });
});
