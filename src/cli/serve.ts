import { Command } from 'commander';
import type { Source } from '../core/components.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loginLimits } from '../api/auth/login-guard.js';
import { ensureAdminUser } from '../api/auth/passwords.js';
import { buildApi } from '../api/server.js';
import { ensureAdminToken } from '../api/tokens.js';
import { openRuntime } from '../pipeline/runtime.js';
import { sources as sourceRegistry } from '../pipeline/sources.js';
import { loadTlsServer, type LoadedTls } from '../sources/tls/index.js';
import { UserRepo } from '../store/sqlite/users.js';
import { VERSION } from '../version.js';
import { applySourceOverrides, parsePort, sourceEnvNames } from '../pipeline/listeners.js';
import { action, loadFor, withCommon, type CommonOptions } from './common.js';
import { addSourceFlags, listenError, sourceOverridesFromFlags } from './listener-flags.js';
import { respondOption, startResponder } from './respond-option.js';

interface ServeOptions extends CommonOptions {
  host?: string;
  port?: string;
  api: boolean;
  workers?: string;
  tlsSelfSigned?: boolean;
  respond?: string;
  /** `--<source>-port` and `--no-<source>` for every source type (see listener-flags.ts). */
  [flag: string]: unknown;
}

/** Where a failed bind came from, for the error message. */
function boundAddress(err: unknown, fallback: string): string {
  const e = err as { address?: string; port?: number } | undefined;
  return e?.address !== undefined && e.port !== undefined ? `${e.address}:${e.port}` : fallback;
}

/**
 * `wardwatch serve`: the API and the configured sources. SIGTERM/SIGINT stop the sources,
 * finish in-flight requests, drain the detectors and checkpoint their state.
 */
export function serveCommand(): Command {
  const cmd = withCommon(new Command('serve'))
    .description('run the API server and the configured sources')
    .option('--host <host>', 'API listen address (default 127.0.0.1; env WARDWATCH_HOST / WARDWATCH_API_HOST)')
    .option('-p, --port <port>', 'API listen port (default 8080; 0 = any free port; env WARDWATCH_PORT / WARDWATCH_API_PORT)')
    .option('--no-api', 'do not start the API and console (sources only; env WARDWATCH_API_ENABLED=false)')
    .option('-w, --workers <n>', 'detector worker threads (auto = one per core; env WARDWATCH_WORKERS)')
    .addOption(respondOption())
    .option('--tls-self-signed', 'serve HTTPS with a self-signed certificate kept in <data-dir>/tls/ (made on first start; its SHA-256 fingerprint is printed)');
  return addSourceFlags(cmd)
    .addHelpText('after', '\nThe admin API token and the console admin password are printed once, at first start.\n' +
      'Set WARDWATCH_ADMIN_TOKEN (16+ characters) / WARDWATCH_ADMIN_PASSWORD (12+) to choose them; chosen ones are never printed;\n' +
      'recover a lost one with "wardwatch tokens create NAME" or "wardwatch users reset-password admin".\n' +
      'HTTPS: api.tls { cert, key } in the config (PEM paths), or --tls-self-signed for a first start.\n' +
      '\nEvery scalar config key can be set from the environment: WARDWATCH_ + its path in upper snake case\n' +
      '(api.port → WARDWATCH_API_PORT, store.retentionDays → WARDWATCH_STORE_RETENTION_DAYS, dataDir →\n' +
      'WARDWATCH_DATA_DIR); sources per type: WARDWATCH_SYSLOG_PORT, WARDWATCH_SYSLOG_ENABLED=false, ….\n' +
      'Precedence: flag > environment > config file > default.\n')
    .action(action(async (opts: ServeOptions) => {
      const { loaded, dataDir } = loadFor(opts);
      const cfg = loaded.config;
      if (opts.host) cfg.api.host = opts.host;
      if (opts.port) cfg.api.port = parsePort(opts.port, '--port');
      if (opts.api === false) cfg.api.enabled = false;
      applySourceOverrides(loaded, sourceOverridesFromFlags(opts), (t) => `--${t}-port`);
      if (opts.workers !== undefined) cfg.pipeline.workers = opts.workers === 'auto' ? 'auto' : Number(opts.workers);
      const say = (obj: Record<string, unknown>, text: string) =>
        process.stdout.write(opts.json ? `${JSON.stringify(obj)}\n` : `${text}\n`);
      const log = (m: string) => say({ level: 'warn', msg: m }, `wardwatch: ${m}`);

      if (opts.tlsSelfSigned && !cfg.api.tls) cfg.api.tls = { selfSigned: true, clientCert: 'none' };
      const rt = await openRuntime(loaded, { dataDir, log });
      let tls: LoadedTls | undefined;
      try {
        if (cfg.api.tls) tls = await loadTlsServer(cfg.api.tls, dataDir, 'api.tls');
      } catch (err) {
        await rt.close();
        throw err;
      }
      let responder: ReturnType<typeof startResponder>;
      try {
        responder = startResponder(rt, opts.respond, log);
      } catch (err) {
        await rt.close();
        throw err;
      }
      const token = ensureAdminToken(dataDir);
      if (token.presetTooShort) log('WARDWATCH_ADMIN_TOKEN is shorter than 16 characters and was not used; a token was generated instead');
      if (token.created && token.generated && token.token) {
        say({ event: 'admin_token_created', token: token.token },
          `Admin API token (shown once, keep it safe):\n  ${token.token}\n`);
      } else if (token.created) {
        // The operator chose it: never echo a secret back (logs and terminals are kept).
        say({ event: 'admin_token_created', from: 'WARDWATCH_ADMIN_TOKEN' }, 'Admin API token taken from WARDWATCH_ADMIN_TOKEN.\n');
      }
      const admin = await ensureAdminUser(new UserRepo(rt.store.db));
      if (admin.created) {
        say({ event: 'admin_user_created', username: admin.username, ...(admin.generated ? { password: admin.password } : {}) },
          admin.generated
            ? `Console user "${admin.username}" created; password (shown once, change it after signing in):\n  ${admin.password}\n`
            : `Console user "${admin.username}" created with the password from WARDWATCH_ADMIN_PASSWORD.\n`);
      }
      // The built console (vite build web → dist/web), next to dist/src/cli/serve.js.
      const webRoot = fileURLToPath(new URL('../../web/', import.meta.url));
      const app = await buildApi(rt, {
        bodyLimitBytes: cfg.api.bodyLimitBytes, logger: opts.json ? { level: 'warn' } : false,
        trustProxy: cfg.api.trustProxy, login: loginLimits(cfg.api.login),
        ...(existsSync(webRoot) ? { webRoot } : {}),
        ...(tls ? { https: tls.options } : {}),
        respond: responder.engine,
      });
      const started: Source[] = [];
      try {
        if (cfg.api.enabled) {
          await app.listen({ host: cfg.api.host, port: cfg.api.port }).catch((err: unknown) => {
            throw listenError(err, 'api', boundAddress(err, `${cfg.api.host}:${cfg.api.port}`), '--port N (0 = any free port) or WARDWATCH_PORT=N');
          });
        }
        for (const spec of loaded.sources) {
          const def = sourceRegistry.get(spec.type);
          const src = def.build(spec.config, {
            dataDir, name: spec.name, sink: rt.ingestor,
            telemetry: rt.telemetry.component('source', spec.name), log,
          });
          await src.start().catch(async (err: unknown) => {
            // A source may have bound part of its listeners (syslog: UDP before TCP); release them,
            // or the process would stay alive after the error.
            await src.stop().catch(() => undefined);
            throw listenError(err, `sources.${spec.name}`, boundAddress(err, src.describe()),
              `--${spec.type}-port N (0 = any free port), ${sourceEnvNames(spec.type).port}=N, or --no-${spec.type} to run without it`);
          });
          started.push(src);
          rt.health.addSource(spec.name, spec.type, src);
        }
      } catch (err) {
        for (const s of started) await s.stop();
        await app.close();
        await rt.close();
        throw err;
      }
      const addr = cfg.api.enabled ? app.server.address() : null;
      const url = typeof addr === 'object' && addr ? `${tls ? 'https' : 'http'}://${cfg.api.host}:${addr.port}` : cfg.api.enabled ? String(addr) : '(API off)';
      if (tls && cfg.api.enabled) {
        say({ event: 'tls', cert: tls.certPath, selfSigned: tls.selfSigned, created: tls.created, fingerprint256: tls.fingerprint256 },
          `HTTPS with ${tls.selfSigned ? `a self-signed certificate${tls.created ? ' (made now)' : ''}` : 'the certificate'} ${tls.certPath}\n` +
          `  SHA-256 fingerprint: ${tls.fingerprint256}\n` +
          (tls.selfSigned ? '  Compare it with what your browser shows before trusting it; bring a real certificate for production (README: TLS).\n' : ''));
      }
      say({ event: 'listening', url, version: VERSION, dataDir, sources: started.map((s) => s.describe()), workers: rt.detection.shardCount },
        `Wardwatch ${VERSION} listening on ${url} (data: ${dataDir}; ${rt.detection.shardCount} detector shard(s))\n` +
        started.map((s) => `  source: ${s.describe()}`).join('\n'));

      let stopping = false;
      const shutdown = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        say({ event: 'stopping', signal }, `Stopping (${signal}): draining the pipeline…`);
        for (const s of started) await s.stop();
        await app.close();
        await rt.close();
        await responder.stop();
        say({ event: 'stopped' }, 'Stopped; detector state checkpointed.');
        process.exit(0);
      };
      process.on('SIGTERM', () => void shutdown('SIGTERM'));
      process.on('SIGINT', () => void shutdown('SIGINT'));
    }));
}
