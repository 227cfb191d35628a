import { Command } from 'commander';
import { WardError } from '../core/errors.js';
import { loadPlaybooks } from '../respond/index.js';
import { action } from './common.js';

/** `wardwatch playbooks check DIR`: validate response playbooks; problems name file, line and key. */
export function playbooksCommand(): Command {
  const check = new Command('check')
    .description('validate the playbooks in a folder (or one file)')
    .argument('<dir>', 'folder of playbook YAML files, or one file')
    .option('--json', 'machine-readable JSON output: one object per playbook and per problem')
    .addHelpText('after', '\nExit status 2 when a playbook has a problem.\nExample:\n  wardwatch playbooks check config/playbooks\n')
    .action(action(async (dir: string, opts: { json?: boolean }) => {
      const { playbooks, issues } = loadPlaybooks(dir);
      if (opts.json) {
        for (const p of playbooks) process.stdout.write(`${JSON.stringify({ playbook: p.name, file: p.file, version: p.hash, mode: p.mode, steps: p.steps.map((s) => s.action) })}\n`);
        for (const i of issues) process.stdout.write(`${JSON.stringify({ error: 'config.invalid', ...i })}\n`);
      } else {
        for (const p of playbooks) process.stdout.write(`ok    ${p.name} (${p.file}, version ${p.hash}, ${p.mode}): ${p.steps.map((s) => s.action).join(' → ')}\n`);
        for (const i of issues) process.stderr.write(`error ${i.file}:${i.line} ${i.key}: ${i.message}\n`);
      }
      if (issues.length) {
        if (opts.json) { process.exitCode = 2; return; }
        throw new WardError('config.invalid', `${issues.length} problem(s) in ${dir}`);
      }
    }));
  return new Command('playbooks').description('response playbooks').addCommand(check);
}
