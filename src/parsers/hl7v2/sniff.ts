/**
 * Confidence that the first lines are HL7 v2 (an MSH segment with encoding characters).
 *
 * @example
 * sniffHl7v2(['MSH|^~\\&|APP|FAC|||20260105||ADT^A01|1|P|2.5']) // 0.95
 */
export function sniffHl7v2(lines: string[]): number {
  const first = lines.find((l) => l.trim() !== '')?.replace(/^[\uFEFF\x0b]/, '');
  if (first === undefined) return 0;
  return /^MSH(.)[^\r\n]{4,5}\1/.test(first) && /^MSH\|\^~\\&/.test(first) ? 0.95 : /^MSH[|^]/.test(first) ? 0.6 : 0;
}
