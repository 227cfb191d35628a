import { Option } from 'commander';
import { RESPOND_MODES } from '../core/config.js';
import type { Runtime } from '../pipeline/runtime.js';
import { attachResponder, type RespondMode } from '../respond/index.js';

/** `--respond enforce|dry-run|off` for `serve` and `ingest` (overrides `respond.mode`). */
export function respondOption(): Option {
  return new Option('--respond <mode>', 'automatic response: enforce, dry-run or off (default: respond.mode in the config)').choices(RESPOND_MODES);
}

/** Start the response engine on a runtime's alerts; a playbook error is logged, never stops ingest. */
export function startResponder(rt: Runtime, mode: string | undefined, log: (m: string) => void): ReturnType<typeof attachResponder> {
  return attachResponder(rt, rt.loaded.config.respond, { mode: mode as RespondMode | undefined, log });
}
