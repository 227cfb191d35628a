import type { DraftEvent } from '../common/draft-event.js';
import { markAuth, readInt, setSwitchedUser, setUserName, setWardwatch } from './fields.js';

/** The `KEY=value ; …` list after the user: `TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/ls -la`. */
interface SudoFields {
  tty?: string;
  pwd?: string;
  user?: string;
  group?: string;
  command?: string;
}

/** Read the list from `start`. COMMAND is last and taken whole, since commands may contain " ; ". */
function readSudoFields(m: string, start: number): SudoFields {
  const out: SudoFields = {};
  let i = start;
  while (i < m.length) {
    if (m.startsWith('COMMAND=', i)) {
      out.command = m.slice(i + 8);
      break;
    }
    let end = m.indexOf(' ; ', i);
    if (end < 0) end = m.length;
    const eq = m.indexOf('=', i);
    if (eq > i && eq < end) {
      const value = m.slice(eq + 1, end);
      switch (m.slice(i, eq)) {
        case 'TTY': out.tty = value; break;
        case 'PWD': out.pwd = value; break;
        case 'USER': out.user = value; break;
        case 'GROUP': out.group = value; break;
      }
    }
    i = end + 3;
  }
  return out;
}

/** Command, working directory and target account onto the event. */
function applySudoFields(ev: DraftEvent, f: SudoFields): void {
  setSwitchedUser(ev, f.user);
  if (f.command !== undefined || f.pwd !== undefined) {
    const process = (ev.process ??= {});
    if (f.command !== undefined) {
      process.command_line = f.command;
      const sp = f.command.indexOf(' ');
      process.executable = sp < 0 ? f.command : f.command.slice(0, sp);
    }
    if (f.pwd !== undefined) process.working_directory = f.pwd;
  }
}

/**
 * Recognise sudo's log line `USER : [PROBLEM ; ]TTY=… ; PWD=… ; USER=… ; COMMAND=…`. A line
 * with no problem is a command run (`sudo_command`); problems are `N incorrect password
 * attempt(s)` (`sudo_auth_failure`, `wardwatch.repeat` N), `user NOT in sudoers`
 * (`sudo_not_in_sudoers`) and `command not allowed` (`sudo_command_not_allowed`).
 *
 * @example
 * parseSudoMessage('   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/ls -la', ev)
 * // true; user.name 'alice', user.effective.name 'root', process.command_line '/bin/ls -la'
 */
export function parseSudoMessage(m: string, ev: DraftEvent): boolean {
  let i = 0;
  while (m.charCodeAt(i) === 32) i++;
  const colon = m.indexOf(' : ', i);
  if (colon <= i || m.lastIndexOf(' ', colon - 1) >= i) return false;
  const rest = colon + 3;
  const semi = m.indexOf(' ; ', rest);
  const firstEq = m.indexOf('=', rest);
  // No problem text when the first item is already KEY=value.
  const problemEnd = semi >= 0 && (firstEq < 0 || semi < firstEq) ? semi : -1;
  const fields = readSudoFields(m, problemEnd < 0 ? rest : problemEnd + 3);
  if (problemEnd < 0) {
    if (fields.command === undefined) return false;
    setUserName(ev, m.slice(i, colon));
    applySudoFields(ev, fields);
    return markAuth(ev, 'sudo_command', 'process', 'start', 'success');
  }
  const problem = m.slice(rest, problemEnd);
  let action: string;
  let repeat = 0;
  if (problem.endsWith(' incorrect password attempts') || problem.endsWith(' incorrect password attempt')) {
    action = 'sudo_auth_failure';
    repeat = readInt(problem, 0, problem.indexOf(' '));
  } else if (problem === 'user NOT in sudoers') action = 'sudo_not_in_sudoers';
  else if (problem === 'command not allowed') action = 'sudo_command_not_allowed';
  else return false;
  setUserName(ev, m.slice(i, colon));
  applySudoFields(ev, fields);
  ev.event.reason = problem;
  if (repeat > 0) setWardwatch(ev, { repeat });
  return action === 'sudo_auth_failure'
    ? markAuth(ev, action, 'authentication', 'start', 'failure')
    : markAuth(ev, action, 'process', 'start', 'failure');
}
