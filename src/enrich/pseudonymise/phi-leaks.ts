/**
 * The PHI strings (case-insensitive) that occur anywhere in `value` once serialised: its JSON,
 * or the message of an error. Tests use it to prove that events, `raw`, messages and parse
 * errors carry pseudonyms only. Strings shorter than 3 characters are ignored (they match by chance).
 *
 * @example
 * phiLeaks({ ehr: { patient: { id: 'pt_…' } } }, ['EVERYMAN', '19880818']) // []
 */
export function phiLeaks(value: unknown, phi: readonly string[]): string[] {
  const text = (value instanceof Error ? `${value.name}: ${value.message}` : JSON.stringify(value) ?? '').toLowerCase();
  return phi.filter((s) => s.length >= 3 && text.includes(s.toLowerCase()));
}
