const AUDIT = /(?:^|\s)type=[A-Za-z0-9_]+\s+(?:msg=)?audit\(\d+(?:\.\d+)?:\d+\):/;

/**
 * Share of the sample lines that carry a Linux audit record header. Syslog-enveloped audit
 * lines score 1 here and in `syslog`: register `auditd` before `syslog` (ties go to the
 * earlier parser) so a pure audispd file is read as audit records.
 *
 * @example
 * sniffAuditd(['type=SYSCALL msg=audit(1364481363.243:24287): arch=c000003e syscall=2']) // 1
 * sniffAuditd(['Dec 10 06:55:46 LabSZ sshd[24200]: hi']) // 0
 */
export function sniffAuditd(lines: string[]): number {
  let seen = 0;
  let ok = 0;
  for (const line of lines.slice(0, 50)) {
    if (line.trim().length === 0) continue;
    seen++;
    if (AUDIT.test(line)) ok++;
  }
  return seen === 0 ? 0 : ok / seen;
}
