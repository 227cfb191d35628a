const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'nhs', 'or', 'ne', 'go']);

/**
 * The registered domain of a name, approximately (last two labels, three under `co.uk`-style
 * second levels), and the subdomain part in front of it.
 *
 * @example
 * splitDomain('a1b2.c3.evil.co.uk') // { domain: 'evil.co.uk', sub: 'a1b2.c3' }
 */
export function splitDomain(name: string): { domain: string; sub: string } {
  const labels = name.toLowerCase().replace(/\.$/, '').split('.');
  const n = labels.length >= 3 && labels.at(-1)!.length === 2 && SECOND_LEVEL.has(labels.at(-2)!) ? 3 : 2;
  return { domain: labels.slice(-n).join('.'), sub: labels.slice(0, -n).join('.') };
}

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  if (!s) return 0;
  const c = new Map<string, number>();
  for (const ch of s) c.set(ch, (c.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of c.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}
