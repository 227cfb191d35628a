import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEnv, envKeys, envName } from './config-env.js';
import { loadConfigFile } from './config-loader.js';
import { listenKeys, sourceOverridesFromEnv } from './listeners.js';

describe('settings from the environment', () => {
  it('maps every scalar config key to WARDWATCH_ + its path in upper snake case', () => {
    const names = Object.fromEntries(envKeys().map((k) => [k.path, k.env]));
    expect(names).toMatchObject({
      dataDir: 'WARDWATCH_DATA_DIR',
      'api.port': 'WARDWATCH_API_PORT',
      'api.host': 'WARDWATCH_API_HOST',
      'api.enabled': 'WARDWATCH_API_ENABLED',
      'store.retentionDays': 'WARDWATCH_STORE_RETENTION_DAYS',
      'pipeline.workers': 'WARDWATCH_PIPELINE_WORKERS',
    });
    expect(names.sources).toBeUndefined();
    expect(envName('pipeline.checkpointEvery')).toBe('WARDWATCH_PIPELINE_CHECKPOINT_EVERY');
  });

  it('types each value by its key: numbers, booleans, enums and the "auto" of workers', () => {
    expect(applyEnv({}, {
      WARDWATCH_API_PORT: '9090', WARDWATCH_API_ENABLED: 'false', WARDWATCH_STORE_SYNCHRONOUS: 'normal',
      WARDWATCH_PIPELINE_WORKERS: 'auto', WARDWATCH_DATA_DIR: '/var/lib/ww',
    })).toEqual({ api: { port: 9090, enabled: false }, store: { synchronous: 'normal' }, pipeline: { workers: 'auto' }, dataDir: '/var/lib/ww' });
    expect(applyEnv({}, { WARDWATCH_PIPELINE_WORKERS: '3' })).toEqual({ pipeline: { workers: 3 } });
  });

  it('a bad value is an error naming the variable', () => {
    expect(() => applyEnv({}, { WARDWATCH_API_PORT: 'eighty' })).toThrow(/WARDWATCH_API_PORT: "eighty" is not a valid api\.port/);
    expect(() => applyEnv({}, { WARDWATCH_STORE_SYNCHRONOUS: 'sometimes' })).toThrow(/WARDWATCH_STORE_SYNCHRONOUS/);
    expect(() => sourceOverridesFromEnv({ WARDWATCH_SYSLOG_PORT: '70000' })).toThrow(/WARDWATCH_SYSLOG_PORT: "70000" is not a port/);
    expect(() => sourceOverridesFromEnv({ WARDWATCH_SYSLOG_ENABLED: 'maybe' })).toThrow(/WARDWATCH_SYSLOG_ENABLED/);
  });

  it('precedence: the environment beats the file; the systematic name beats the short alias', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ww-env-'));
    const file = join(dir, 'w.yaml');
    writeFileSync(file, 'dataDir: /from/file\napi:\n  port: 7000\n  host: 0.0.0.0\n');
    expect(loadConfigFile(file, {}).config.api.port).toBe(7000);
    const c = loadConfigFile(file, { WARDWATCH_PORT: '7100', WARDWATCH_DATA_DIR: '/from/env' }).config;
    expect(c.api).toMatchObject({ port: 7100, host: '0.0.0.0' });
    expect(c.dataDir).toBe('/from/env');
    expect(loadConfigFile(file, { WARDWATCH_PORT: '7100', WARDWATCH_API_PORT: '7200' }).config.api.port).toBe(7200);
    expect(loadConfigFile(undefined, { WARDWATCH_HOST: '::1' }).config.api.host).toBe('::1');
  });

  it('listening sources get a port and an on/off switch per type; clients only the switch', () => {
    expect(listenKeys('syslog')).toEqual(['udp', 'tcp']);
    expect(listenKeys('smtp')).toEqual(['listen']);
    expect(listenKeys('mqtt')).toEqual([]);
    const moved = loadConfigFile(undefined, { WARDWATCH_SYSLOG_PORT: '5599' });
    expect(moved.sources.find((s) => s.type === 'syslog')?.config).toMatchObject({ udp: '127.0.0.1:5599', tcp: '127.0.0.1:5599' });
    expect(loadConfigFile(undefined, { WARDWATCH_SYSLOG_ENABLED: 'false' }).sources).toEqual([]);
    // A port for a source the configuration does not run would silently do nothing: refuse it.
    expect(() => loadConfigFile(undefined, { WARDWATCH_SMTP_PORT: '2526' })).toThrow(/WARDWATCH_SMTP_PORT: no smtp source is configured/);
    expect(() => sourceOverridesFromEnv({ WARDWATCH_MQTT_PORT: '1883' })).toThrow(/connects out/);
  });
});
