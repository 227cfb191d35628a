import type { Command } from 'commander';
import { WardError, errorMessage } from '../core/errors.js';
import { parsePort, sourceEnvNames, sourceFlagTypes, type SourceOverride } from '../pipeline/listeners.js';

const camel = (flag: string) => flag.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/**
 * Add `--<type>-port <port>` (listening sources) and `--no-<type>` (every source type) for each
 * registered source type, so a new source gets its flags by registering, not by editing `serve`.
 *
 * @example
 * addSourceFlags(new Command('serve')) // --syslog-port, --no-syslog, --smtp-port, --no-smtp, --no-mqtt, …
 */
export function addSourceFlags(cmd: Command): Command {
  for (const { type, flag, listens } of sourceFlagTypes()) {
    const env = sourceEnvNames(type);
    if (listens) cmd.option(`--${flag}-port <port>`, `port for every ${type} listener, host kept (0 = any free port; env ${env.port})`);
    cmd.option(`--no-${flag}`, `do not start ${type} sources (env ${env.enabled}=false)`);
  }
  return cmd;
}

/**
 * The per-type overrides given on the command line (flags win over environment and file).
 *
 * @example
 * sourceOverridesFromFlags({ syslogPort: '5515', smtp: false }) // { syslog: { port: 5515 }, smtp: { enabled: false } }
 */
export function sourceOverridesFromFlags(opts: Record<string, unknown>): Record<string, SourceOverride> {
  const out: Record<string, SourceOverride> = {};
  for (const { type, flag, listens } of sourceFlagTypes()) {
    const o: SourceOverride = {};
    if (opts[camel(flag)] === false) o.enabled = false;
    const port = opts[`${camel(flag)}Port`];
    if (listens && typeof port === 'string') o.port = parsePort(port, `--${flag}-port`);
    if (o.enabled !== undefined || o.port !== undefined) out[type] = o;
  }
  return out;
}

/**
 * Turn a failed `listen` into an error that names the address and says what to do, instead of
 * a bare `EADDRINUSE` (or a silent exit).
 *
 * @example
 * throw listenError(err, 'the API', '127.0.0.1:8080', '--port N or WARDWATCH_PORT');
 */
export function listenError(err: unknown, what: string, address: string, change: string): WardError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new WardError('config.invalid', `${address} is already in use by another program (perhaps another Wardwatch). ` +
      `Stop it, or choose another port: ${change}`, what, { cause: err });
  }
  if (code === 'EACCES') {
    return new WardError('config.invalid', `not allowed to listen on ${address} (ports below 1024 need privileges); ${change}`, what, { cause: err });
  }
  return new WardError('config.invalid', `cannot listen on ${address}: ${errorMessage(err)}`, what, { cause: err });
}
