import { parse } from 'tldts';
import { addHashed, normalise, type Names, type Sparse } from './features.js';
import type { PhishingLists } from './lists.js';
import type { LogisticModel } from './logistic.js';
import type { LookalikeIndex } from './lookalike.js';
import type { Signal } from './signals.js';
import type { MailUrl, MailView } from './view.js';

/**
 * Lexical features of one URL for the URL model: character 3–5-grams of host and path
 * (what phishing URLs look like: `secure-login`, `.php?cmd=`, long random hosts), the TLD,
 * host tokens, and coarse shape (length, digits, dots, `@`, hyphens, IP host), hashed.
 *
 * @example
 * featurizeUrl('http://paypal.com.secure-login.ru/webscr.php?cmd=_login')
 */
export function featurizeUrl(url: string, names?: Names): Sparse {
  const x: Sparse = new Map();
  const u = url.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, '');
  const slash = u.search(/[/?#]/);
  const host = (slash < 0 ? u : u.slice(0, slash)).replace(/:\d+$/, '').replace(/^[^@]*@/, '');
  const path = slash < 0 ? '' : u.slice(slash, slash + 300);
  const p = parse(host);
  const add = (n: string, v = 1) => addHashed(x, n, names, v);
  add(`u:tld=${p.publicSuffix ?? '?'}`);
  for (const t of host.split(/[.-]/)) if (t) add(`u:ht=${t}`);
  const gram = (prefix: string, s: string) => {
    const t = `^${s}$`;
    for (let n = 3; n <= 5; n++) for (let i = 0; i + n <= t.length; i++) add(`${prefix}${t.slice(i, i + n)}`);
  };
  gram('u:h:', host);
  gram('u:p:', path);
  const bucket = (n: number) => (n < 1 ? 0 : Math.min(6, Math.floor(Math.log2(n))));
  add(`u:len=${bucket(u.length)}`);
  add(`u:hostlen=${bucket(host.length)}`);
  add(`u:dots=${Math.min(6, host.split('.').length - 1)}`);
  add(`u:digits=${bucket((u.match(/\d/g) ?? []).length)}`);
  add(`u:hyphens=${Math.min(4, (host.match(/-/g) ?? []).length)}`);
  if (url.includes('@')) add('u:at');
  if (p.isIp) add('u:ip');
  if (/^https:/i.test(url)) add('u:https');
  add('u:bias');
  return normalise(x);
}

/** What URL checks compare against. */
export interface UrlContext {
  lists: PhishingLists;
  lookalikes: LookalikeIndex;
  /** The URL model (scores the riskiest links); absent: no `url.model` signal. */
  model?: LogisticModel | undefined;
  /** Hosts (registrable domains or full host names) on threat-intelligence lists. */
  intelHosts?: Set<string> | undefined;
}

const CREDENTIAL_PATH = /(log-?in|sign-?in|logon|verify|verification|validate|confirm|account|update|secure|webscr|banking|password|passwd|credential|auth|unlock|suspend|billing|wp-admin|owa|\.php\b)/i;
/** Links checked at most (bounds the work on a message with hundreds of links). */
const MAX_LINKS = 60;
export const MODEL_CLIP = 8;

const clip = (z: number) => Math.max(-MODEL_CLIP, Math.min(MODEL_CLIP, z));
/**
 * A link as an alert may show it: the query and fragment dropped (they can carry a patient's
 * details, and alerts are stored in clear), cut to 100 characters.
 */
export const shownUrl = (url: string): string => url.replace(/[?#].*$/s, (q) => (q.length > 1 ? `${q[0]}…` : '')).slice(0, 100);

const isHttp = (u: MailUrl) => /^(https?:\/\/|www\.)/i.test(u.url);

/**
 * Where the links really go: anchor text vs target, IP-literal and punycode hosts, shorteners,
 * abused TLDs, credential-harvesting paths and forms, look-alike domains, threat-intel hits,
 * and the URL model's score of the riskiest link.
 *
 * @example
 * urlSignals(mailView(event), ctx) // [{ id: 'url.text_mismatch', value: 1, observed: 'text "www.paypal.com" → 140.130.108.11' }, …]
 */
export function urlSignals(v: MailView, ctx: UrlContext): Signal[] {
  const out = new Map<string, Signal>();
  const put = (s: Signal) => {
    if (!out.has(s.id)) out.set(s.id, s);
  };
  let best: { z: number; url: string } | undefined;
  for (const u of v.urls.filter(isHttp).slice(0, MAX_LINKS)) {
    const host = u.domain;
    if (u.mismatch && u.text_domain && host) put({ id: 'url.text_mismatch', value: 1, observed: `link text "${u.text_domain}" goes to ${host}` });
    if (u.source === 'form') put({ id: 'url.form', value: 1, observed: `form posts to ${host ?? shownUrl(u.url).slice(0, 80)}` });
    if (!host) continue;
    const p = parse(host);
    if (p.isIp) put({ id: 'url.ip_literal', value: 1, observed: host });
    if (host.split('.').some((l) => l.startsWith('xn--'))) put({ id: 'url.punycode', value: 1, observed: host });
    if (ctx.lists.shorteners.has(host) || (p.domain && ctx.lists.shorteners.has(p.domain))) put({ id: 'url.shortener', value: 1, observed: host });
    if (p.publicSuffix && ctx.lists.suspiciousTlds.has(p.publicSuffix)) put({ id: 'url.suspicious_tld', value: 1, observed: host });
    const path = u.url.replace(/^[a-z]+:\/\/[^/?#]*/i, '');
    if (CREDENTIAL_PATH.test(path)) put({ id: 'url.credential_path', value: 1, observed: `${host}${shownUrl(path).slice(0, 60)}` });
    const look = ctx.lookalikes.match(host);
    if (look) put({ id: 'url.lookalike', value: 1, observed: `${host} imitates ${look.target} (${look.how.replace('_', ' ')})` });
    if (ctx.intelHosts && (ctx.intelHosts.has(host) || (p.domain && ctx.intelHosts.has(p.domain)))) put({ id: 'url.intel', value: 1, observed: host });
    if (ctx.model) {
      const z = clip(ctx.model.margin(featurizeUrl(u.url)));
      if (!best || z > best.z) best = { z, url: u.url };
    }
  }
  const signals = [...out.values()];
  if (best) signals.push({ id: 'url.model', value: best.z / MODEL_CLIP, observed: `${shownUrl(best.url)} (URL model ${(1 / (1 + Math.exp(-best.z))).toFixed(2)})` });
  return signals;
}
