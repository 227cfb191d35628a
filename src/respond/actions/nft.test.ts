import { describe, expect, it } from 'vitest';
import { nftCommand } from './nft.js';

describe('nftCommand', () => {
  it('runs nft here, in a namespace, or on a gateway over ssh with a pinned host key and no prompts', () => {
    expect(nftCommand({ table: 'ww' }, ['-f', '-'])).toEqual(['nft', ['-f', '-']]);
    expect(nftCommand({ table: 'ww', netns: 'gw' }, ['list', 'table', 'inet', 'ww'])).toEqual(['ip', ['netns', 'exec', 'gw', 'nft', 'list', 'table', 'inet', 'ww']]);
    const [cmd, argv] = nftCommand({
      table: 'ww', netns: 'edge',
      gateway: { host: 'fw1.example', port: 2222, user: 'wardwatch', keyFile: '/etc/ww/key', knownHostsFile: '/etc/ww/known', connectTimeout: '4s' },
    }, ['-j', 'list', 'set', 'inet', 'ww', "it's"]);
    expect(cmd).toBe('ssh');
    const opts = argv.filter((_, i) => argv[i - 1] === '-o');
    expect(opts).toEqual(expect.arrayContaining(['BatchMode=yes', 'StrictHostKeyChecking=yes', 'UserKnownHostsFile=/etc/ww/known', 'IdentitiesOnly=yes', 'ConnectTimeout=4']));
    expect(argv.slice(argv.indexOf('-i'), argv.indexOf('-i') + 2)).toEqual(['-i', '/etc/ww/key']);
    // Options end before the host, and the remote command is one line of single-quoted words.
    expect(argv.slice(-3)).toEqual(['--', 'fw1.example', "'ip' 'netns' 'exec' 'edge' 'nft' '-j' 'list' 'set' 'inet' 'ww' 'it'\\''s'"]);
    expect(argv).toContain('wardwatch');
    expect(argv).toContain('2222');
  });
});
