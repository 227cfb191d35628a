import { normaliseName } from '../../enrich/pseudonymise/normalise.js';
import { normaliseDomain } from '../net/domain-trie.js';
import { inCidr, parseCidr, parseIp, type Cidr } from '../net/ip.js';
import { readings } from './decode.js';

/** Why something was kept out of a shared bundle (a closed set: the console and reports name them). */
export const REMOVAL_REASONS = {
  'internal-ip': 'an internal address (RFC 1918, loopback, link-local, CGNAT, ULA or a configured internal network)',
  'internal-host': 'an internal host name (an organisation domain, an internal suffix or a host of the incident)',
  'org-email': 'an e-mail address of the organisation\'s own domains',
  'staff-user': 'a staff login or a user name of the incident',
  'staff-name': 'a staff member\'s name (context store)',
  'patient-name': 'a patient\'s name (matched by its keyed pseudonym in the context store)',
  'patient-id': 'a patient identifier (matched by its keyed pseudonym in the context store)',
  pseudonym: 'a Wardwatch pseudonym (patient id, name, birth date or family key)',
  mrn: 'a medical record number pattern (MRN…)',
  ssn: 'a social security number pattern',
  dob: 'a date of birth pattern',
  phone: 'a telephone number pattern',
} as const;
export type RemovalReason = keyof typeof REMOVAL_REASONS;

/** Reasons whose matched text is itself PHI or personal: reports show a mask, never the text. */
const SHOWN: ReadonlySet<RemovalReason> = new Set(['internal-ip', 'internal-host']);

/** One thing found: why, and what may be shown of it (a mask unless it is an internal address or host). */
export interface Finding {
  reason: RemovalReason;
  shown: string;
}

/** What is internal to the organisation (see `intel.share` in the configuration). */
export interface ScrubPolicy {
  /** The organisation's own mail and web domains (and their subdomains). */
  orgDomains: readonly string[];
  /** Internal networks besides the always-internal ranges (CIDR). */
  internalNetworks: readonly string[];
  /** Host-name suffixes that never leave (`corp`, `local`, …). */
  internalSuffixes: readonly string[];
}

/** Identifiers of people and machines the scrubber looks for, besides the patterns. */
export interface ScrubTerms {
  /** Lower-case terms (logins, host names, user names) → reason; matched as tokens and, from 5 characters, inside squashed text. */
  terms: ReadonlyMap<string, RemovalReason>;
  /** Normalised full names (`normaliseName`) of staff: matched as 2–3 word sequences and squashed. */
  staffNames: ReadonlySet<string>;
  /** Whether a normalised name (`family given…`) is a patient's (a keyed pseudonym lookup; never a clear list). */
  patientName?: ((normalisedName: string) => boolean) | undefined;
  /** Whether a token is a patient identifier in a known identifier system (keyed lookup). */
  patientId?: ((token: string) => boolean) | undefined;
}

/** Always internal, whatever the configuration says. */
export const ALWAYS_INTERNAL = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.168.0.0/16',
  '192.0.0.0/24', '198.18.0.0/15', '224.0.0.0/4', '240.0.0.0/4', '::/128', '::1/128', 'fc00::/7', 'fe80::/10', 'ff00::/8',
];
/** Suffixes of names that only resolve inside a network (RFC 6762, RFC 8375, common AD habits). */
export const DEFAULT_INTERNAL_SUFFIXES = ['local', 'lan', 'internal', 'intranet', 'corp', 'home.arpa', 'localdomain', 'localhost', 'private', 'ad', 'domain'];

const PATTERNS: Array<[RemovalReason, RegExp]> = [
  ['pseudonym', /(?<![a-z0-9])(?:pt|pn|pb|pf)_[a-z2-7]{32}(?![a-z0-9])/gi],
  ['mrn', /mrn[\s:#=_.-]{0,3}[a-z]{0,2}\d{4,}/gi],
  ['ssn', /(?<![\d-])\d{3}[- ]\d{2}[- ]\d{4}(?![\d-])/g],
  ['ssn', /(?<![a-z])ssn\W{0,3}\d{9}(?!\d)/gi],
  ['dob', /(?<![a-z])(?:dob|d\.o\.b\.?|birth[\s_-]?date|date[\s_-]of[\s_-]birth|born)\W{0,4}(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{8})/gi],
  ['phone', /(?<![\d.:])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]\d{3}[\s.-]\d{4}(?![\d.])/g],
  ['phone', /(?<![\w+])\+\d{1,3}(?:[\s.-]?\d{2,4}){2,4}(?!\d)/g],
  ['phone', /(?<![a-z])(?:tel|phone|mobile|cell|fax)\W{0,3}\+?\d[\d\s.()-]{6,}\d/gi],
];
const IPV4 = /(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d]|\.\d)/g;
const IPV6 = /(?<![0-9a-f:])[0-9a-f]{0,4}(?::[0-9a-f]{0,4}){2,7}(?:%[\w.-]+)?(?![0-9a-f:])/gi;
const EMAIL = /[a-z0-9._%+-]+@((?:[a-z0-9-]+\.)+[a-z0-9-]+)/gi;
const HOST = /(?<![a-z0-9.-])(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)+[a-z][a-z0-9-]{0,61}(?![a-z0-9-])/gi;

/** A word the scrubber already replaced. */
const REMOVED = /\[removed:[a-z-]+\]/;

function mask(reason: RemovalReason, text: string): string {
  if (SHOWN.has(reason)) return text.slice(0, 200);
  const t = text.trim();
  return `${t.slice(0, 1)}${'*'.repeat(Math.min(6, Math.max(1, t.length - 1)))} (${t.length} chars)`;
}

/** Words of a reading, lower case: split on anything not a letter or digit, and at camelCase humps. */
function tokens(s: string): string[] {
  return s.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
}

/**
 * Decides what of an incident may leave the organisation: internal addresses and host names,
 * the organisation's own e-mail addresses, staff logins and names, patients' names and
 * identifiers (checked by their keyed pseudonyms, so the scrubber never holds them in clear) and
 * PHI patterns (MRN, SSN, date of birth, telephone) — in every reading of a value (URL-encoded,
 * base64, hex, UTF-16), so an identifier hidden in an encoded command line or a URL is caught.
 *
 * @example
 * const s = new Scrubber({ orgDomains: ['stmarys.example'], internalNetworks: [], internalSuffixes: DEFAULT_INTERNAL_SUFFIXES }, terms);
 * s.find('http://203.0.113.7/x?u=am9obi5zbWl0aA==') // [{ reason: 'staff-user', shown: 'j*** (10 chars)' }]
 */
export class Scrubber {
  private readonly nets: Cidr[];
  private readonly orgDomains: string[];
  private readonly suffixes: string[];
  private readonly squashedTerms: Array<[string, RemovalReason]>;

  constructor(readonly policy: ScrubPolicy, readonly terms: ScrubTerms) {
    this.nets = [...ALWAYS_INTERNAL, ...policy.internalNetworks].map((c) => {
      const n = parseCidr(c);
      if (!n) throw new Error(`intel.share.internalNetworks: not a network: ${c}`);
      return n;
    });
    this.orgDomains = policy.orgDomains.map((d) => normaliseDomain(d));
    this.suffixes = [...policy.internalSuffixes.map((d) => normaliseDomain(d)), ...this.orgDomains];
    const sq = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
    this.squashedTerms = [
      ...[...terms.terms].filter(([t]) => sq(t).length >= 5).map(([t, r]): [string, RemovalReason] => [sq(t), r]),
      ...[...terms.staffNames].filter((n) => n.includes(' ') && sq(n).length >= 6).map((n): [string, RemovalReason] => [sq(n), 'staff-name']),
      // The organisation's own domain glued into something else (`helpdeskstmarys.example@…`) still names it.
      ...this.orgDomains.filter((d) => sq(d).length >= 6).map((d): [string, RemovalReason] => [sq(d), 'internal-host']),
    ];
  }

  /** The same policy with more terms (an incident's own users and hosts). */
  withTerms(extra: ReadonlyMap<string, RemovalReason>): Scrubber {
    return new Scrubber(this.policy, { ...this.terms, terms: new Map([...this.terms.terms, ...extra]) });
  }

  /** An address in an internal network (or not an address at all: `false`). */
  isInternalIp(s: string): boolean {
    const b = parseIp(s.replace(/%.*$/, '').replace(/^\[|\]$/g, ''));
    return b !== undefined && this.nets.some((n) => inCidr(b, n));
  }

  /** A host name under an internal suffix or an organisation domain, or a single label (only resolves inside). */
  isInternalHost(name: string): boolean {
    const d = normaliseDomain(name);
    if (!d.includes('.')) return true;
    return this.suffixes.some((s) => d === s || d.endsWith(`.${s}`));
  }

  /** An e-mail address at an organisation domain. */
  isOrgEmail(addr: string): boolean {
    const at = addr.lastIndexOf('@');
    if (at < 0) return false;
    const d = normaliseDomain(addr.slice(at + 1));
    return this.orgDomains.some((o) => d === o || d.endsWith(`.${o}`));
  }

  /**
   * Everything sensitive in a value, in any of its readings (empty: it may leave).
   *
   * @example scrubber.find('10.20.1.5') // [{ reason: 'internal-ip', shown: '10.20.1.5' }]
   */
  find(value: string): Finding[] {
    const out = new Map<string, Finding>();
    const add = (reason: RemovalReason, text: string) => {
      const f = { reason, shown: mask(reason, text) };
      out.set(`${reason}|${f.shown}`, f);
    };
    for (const r of readings(value)) this.findIn(r, add);
    return [...out.values()];
  }

  private findIn(r: string, add: (reason: RemovalReason, text: string) => void): void {
    for (const [reason, re] of PATTERNS) for (const m of r.matchAll(re)) add(reason, m[0]);
    for (const m of r.matchAll(IPV4)) if (this.isInternalIp(m[0])) add('internal-ip', m[0]);
    for (const m of r.matchAll(IPV6)) if ((m[0].match(/:/g) ?? []).length >= 2 && this.isInternalIp(m[0])) add('internal-ip', m[0]);
    for (const m of r.matchAll(EMAIL)) if (this.isOrgEmail(m[0])) add('org-email', m[0]);
    for (const m of r.matchAll(HOST)) if (!/^[\d.]+$/.test(m[0]) && this.isInternalHost(m[0])) add('internal-host', m[0]);
    const toks = tokens(r);
    for (const t of toks) {
      const reason = this.terms.terms.get(t);
      if (reason) add(reason, t);
      if (this.terms.patientId && /\d/.test(t) && t.length >= 4 && t.length <= 40) {
        if (this.terms.patientId(t)) add('patient-id', t);
        else {
          // An identifier glued to other text (`mrnMRN1000042`, `x1000042`): each run of digits with 0–6 letters before it.
          for (const m of t.matchAll(/([a-z]{0,6})(\d{4,})/g)) {
            for (let k = 0; k <= m[1]!.length; k++) {
              const c = m[1]!.slice(k) + m[2]!;
              if (c !== t && this.terms.patientId(c)) add('patient-id', c);
            }
          }
        }
      }
    }
    // Names are letters: digits and punctuation between them (`Nia%20Jones` made `nia20jones`) do not hide them.
    const words = r.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
    this.names(words, add);
    // Initials and stray letters (`Everyman%2C%20Adam` squeezed to `everyman2c20adam`) between names.
    if (words.some((w) => w.length === 1)) this.names(words.filter((w) => w.length > 1), add);
    const squashed = r.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
    const letters = r.toLowerCase().replace(/[^\p{L}]+/gu, '');
    for (const [t, reason] of this.squashedTerms) if (squashed.includes(t) || (reason === 'staff-name' && letters.includes(t))) add(reason, t);
    if (this.terms.patientName) {
      // One run of letters may be a whole name written without separators ("johnsmith", a
      // lower-cased "SigridMajaLindqvist"): try each split into two or three names.
      for (const t of words) if (t.length >= 5 && t.length <= 32 && this.runTogetherName(t)) add('patient-name', t);
    }
  }

  private readonly runTogether = new Map<string, boolean>();

  /** Whether a run of letters splits into 2 (or, up to 24 letters, 3) words that are a patient's name. */
  private runTogetherName(t: string): boolean {
    const hit = this.runTogether.get(t);
    if (hit !== undefined) return hit;
    let found = false;
    for (let i = 2; i <= t.length - 2 && !found; i++) {
      if (this.nameOf([t.slice(0, i), t.slice(i)]) === 'patient-name') found = true;
      for (let j = i + 2; j <= t.length - 2 && !found && t.length <= 24; j++) {
        if (this.nameOf([t.slice(0, i), t.slice(i, j), t.slice(j)]) === 'patient-name') found = true;
      }
    }
    if (this.runTogether.size > 10_000) this.runTogether.clear();
    this.runTogether.set(t, found);
    return found;
  }

  /** Two- and three-word sequences that are a staff member's or (by keyed lookup) a patient's name. */
  private names(words: string[], add: (reason: RemovalReason, text: string) => void): void {
    for (let i = 0; i < words.length; i++) {
      for (const n of [2, 3]) {
        if (i + n > words.length) continue;
        const w = words.slice(i, i + n);
        const r = this.nameOf(w);
        if (r) add(r, w.join(' '));
      }
    }
  }

  /** Whether exactly these 2–3 words, in any rotation, are a staff member's or a patient's name. */
  private nameOf(words: readonly string[]): 'staff-name' | 'patient-name' | undefined {
    const w = words.map((x) => normaliseName(x));
    if (w.some((x) => !x || x.includes(' '))) return undefined;
    const text = w.join(' ');
    const rotations = w.length === 2 ? [text, `${w[1]} ${w[0]}`] : [text, `${w[2]} ${w[0]} ${w[1]}`, `${w[1]} ${w[2]} ${w[0]}`];
    if (rotations.some((x) => this.terms.staffNames.has(x))) return 'staff-name';
    const pn = this.terms.patientName;
    if (pn && rotations.some((x) => pn(x))) return 'patient-name';
    return undefined;
  }

  /**
   * Whether an observable may be shared as an indicator: its kind's own rule (an internal
   * address, an internal host, an organisation address) and then everything {@link find} finds.
   * An indicator is never redacted, only dropped: a half-value would match the wrong things.
   */
  checkObservable(kind: 'ip' | 'domain' | 'url' | 'email' | 'hash', value: string): Finding[] {
    const own: Finding[] = [];
    if (kind === 'ip' && this.isInternalIp(value)) own.push({ reason: 'internal-ip', shown: value });
    if (kind === 'domain' && this.isInternalHost(value)) own.push({ reason: 'internal-host', shown: value });
    if (kind === 'email' && this.isOrgEmail(value)) own.push({ reason: 'org-email', shown: mask('org-email', value) });
    if (kind === 'url') {
      try {
        const h = new URL(value).hostname;
        if (this.isInternalIp(h)) own.push({ reason: 'internal-ip', shown: h });
        else if (this.isInternalHost(h)) own.push({ reason: 'internal-host', shown: h });
      } catch {
        // Not parseable as a URL: the text checks below still run.
      }
    }
    if (kind === 'hash') return own; // hex only: nothing to hide in it
    return [...own, ...this.find(value)];
  }

  /**
   * Free text with everything sensitive replaced by `[removed:reason]` (whole words, so an
   * encoded identifier goes with the word that carried it), and what was removed.
   *
   * @example scrubber.scrubText('login by jsmith from 10.1.2.3') // { text: 'login by [removed:staff-user] from [removed:internal-ip]', … }
   */
  scrubText(text: string): { text: string; findings: Finding[] } {
    const findings: Finding[] = [];
    let t = text;
    for (const [reason, re] of PATTERNS) {
      t = t.replace(re, (m) => {
        findings.push({ reason, shown: mask(reason, m) });
        return `[removed:${reason}]`;
      });
    }
    const words = t.split(/(\s+)/);
    for (let i = 0; i < words.length; i += 2) {
      const w = words[i]!;
      if (!w || REMOVED.test(w)) continue;
      const f = this.find(w);
      if (f.length) {
        findings.push(...f);
        words[i] = `[removed:${f[0]!.reason}]`;
      }
    }
    // Names across words ("Nia Jones"): each word alone passed.
    for (let i = 0; i < words.length; i += 2) {
      for (const n of [3, 2]) {
        const idx = Array.from({ length: n }, (_, k) => i + 2 * k);
        if (idx[n - 1]! >= words.length || idx.some((j) => REMOVED.test(words[j]!))) continue;
        const reason = this.nameOf(idx.map((j) => words[j]!.replace(/[^\p{L}]+/gu, '')));
        if (!reason) continue;
        findings.push({ reason, shown: mask(reason, idx.map((j) => words[j]!).join(' ')) });
        for (const j of idx) words[j] = `[removed:${reason}]`;
        break;
      }
    }
    return { text: words.join('').replace(/(\[removed:([a-z-]+)\])(\s+\[removed:\2\])+/g, '$1'), findings };
  }
}
