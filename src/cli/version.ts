import { Command } from 'commander';
import { VERSION } from '../version.js';

/** `wardwatch version`: the version of Wardwatch and of Node.js. */
export function versionCommand(): Command {
  return new Command('version')
    .description('print the Wardwatch version')
    .option('--json', 'machine-readable JSON output')
    .action((opts: { json?: boolean }) => {
      if (opts.json) process.stdout.write(`${JSON.stringify({ version: VERSION, node: process.versions.node })}\n`);
      else process.stdout.write(`wardwatch ${VERSION} (node ${process.versions.node})\n`);
    });
}
