/**
 * URLs of a message body, for the phishing detector: every link in the text body, and for
 * each HTML anchor both the `href` and the text the reader saw, since a link whose text
 * names one site and whose target is another is the classic phishing tell.
 */

/**
 * One URL found in a body.
 *
 * @example
 * const u: EmailUrl = { url: 'http://140.130.108.11/account', domain: '140.130.108.11', source: 'html', text: 'http://cgi1.ebay.com/aw-cgi', text_domain: 'cgi1.ebay.com', mismatch: true };
 */
export interface EmailUrl {
  /** The URL as written (HTML entities decoded). */
  url: string;
  /** Host name (lower case) or IP literal; absent when the URL has none (`mailto:`). */
  domain?: string;
  /** `text` (plain-text body), `html` (an `<a href>`), `form` (a `<form action>`), or `html_text` (a bare URL in HTML text). */
  source: 'text' | 'html' | 'form' | 'html_text';
  /** The anchor's visible text (tags removed, whitespace collapsed, at most 200 characters). */
  text?: string;
  /** Host named by the anchor text when that text itself looks like a URL or a host name. */
  text_domain?: string;
  /** The anchor text names a host other than the target's (neither is a sub-domain of the other). */
  mismatch?: boolean;
}

const TEXT_URL = /\b(?:https?:\/\/|www\.)[^\s<>"'`{}|\\^[\]]+/gi;
// `[^<>]*` (not `[^>]*`) keeps every pattern linear on hostile HTML full of unclosed `<`.
const ANCHOR_OPEN = /<a\b([^<>]*)>/gi;
const ANCHOR_CLOSE = /<\/a\s*>/gi;
const FORM = /<form\b([^<>]*)>/gi;
const TAG = /<[^<>]*>/g;
const MAX_ANCHOR_TEXT = 1024;
const HREF = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
const ACTION = /\baction\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
const HOSTLIKE = /^(?:[a-z][a-z0-9+.-]*:\/\/)?((?:[a-z0-9-]+\.)+[a-z]{2,}|\d{1,3}(?:\.\d{1,3}){3})(?:[:/?#]|$)/i;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/**
 * Decode the HTML entities that occur in links (`&amp;`, numeric references, …).
 *
 * @example
 * decodeEntities('a&amp;b&#x41;') // 'a&bA'
 */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (all, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : all;
    }
    return ENTITIES[e.toLowerCase()] ?? all;
  });
}

/**
 * Host of a URL (lower case, no port), or `undefined`. Scheme-less `www.` links count as http.
 *
 * @example
 * urlDomain('HTTP://Example.COM:8080/x') // 'example.com'
 */
export function urlDomain(url: string): string | undefined {
  const u = /^www\./i.test(url) ? `http://${url}` : url;
  try {
    const host = new URL(u).hostname.toLowerCase();
    return host.length > 0 ? host.replace(/^\[|\]$/g, '') : undefined;
  } catch {
    return HOSTLIKE.exec(u)?.[1]?.toLowerCase();
  }
}

function trimTail(u: string): string {
  return u.replace(/[.,;:!?)\]'"]+$/, '');
}

function related(a: string, b: string): boolean {
  return a === b || a.endsWith('.' + b) || b.endsWith('.' + a);
}

/**
 * Collect the URLs of the text and HTML bodies, de-duplicated on (url, text), at most `max`.
 *
 * @example
 * extractUrls(['see http://a.example/x.'], ['<a href="http://evil.example/">http://bank.example</a>'], 10)
 * // [{ url: 'http://a.example/x', domain: 'a.example', source: 'text' },
 * //  { url: 'http://evil.example/', domain: 'evil.example', source: 'html', text: 'http://bank.example', text_domain: 'bank.example', mismatch: true }]
 */
export function extractUrls(texts: string[], htmls: string[], max: number): EmailUrl[] {
  const out: EmailUrl[] = [];
  const seen = new Set<string>();
  const add = (u: EmailUrl): boolean => {
    if (out.length >= max) return false;
    const key = `${u.source === 'form' ? 'f' : ''}${u.url}\u0000${u.text ?? ''}`;
    if (seen.has(key)) return true;
    seen.add(key);
    out.push(u);
    return true;
  };
  const withDomain = (url: string, source: EmailUrl['source']): EmailUrl => {
    const domain = urlDomain(url);
    return domain ? { url, domain, source } : { url, source };
  };
  for (const t of texts) for (const m of t.matchAll(TEXT_URL)) if (!add(withDomain(trimTail(m[0]), 'text'))) return out;
  for (const h of htmls) {
    const hrefs = new Set<string>();
    // Anchors: each opening tag pairs with the next closing tag. The next close is kept and
    // only searched again once passed, so the scan stays linear however the tags nest.
    let close: { at: number; end: number } | undefined;
    let noMoreCloses = false;
    const textRanges: Array<[number, number]> = [];
    for (const m of h.matchAll(ANCHOR_OPEN)) {
      const hm = HREF.exec(m[1]!);
      const tagEnd = m.index + m[0].length;
      if (close === undefined || close.at < tagEnd) {
        close = undefined;
        if (!noMoreCloses) {
          ANCHOR_CLOSE.lastIndex = tagEnd;
          const c = ANCHOR_CLOSE.exec(h);
          if (c) close = { at: c.index, end: c.index + c[0].length };
          else noMoreCloses = true;
        }
      }
      // Link text past a few thousand characters says nothing more (and bounds the work per anchor).
      const inner = close ? h.slice(tagEnd, Math.min(close.at, tagEnd + MAX_ANCHOR_TEXT)) : '';
      if (close) textRanges.push([m.index, close.end]);
      if (!hm) continue;
      const url = decodeEntities((hm[1] ?? hm[2] ?? hm[3] ?? '').trim());
      if (url.length === 0 || url.startsWith('#')) continue;
      hrefs.add(url);
      const e = withDomain(url, 'html');
      const text = decodeEntities(inner.replace(TAG, ' ')).replace(/\s+/g, ' ').trim().slice(0, 200);
      if (text.length > 0) {
        e.text = text;
        const td = HOSTLIKE.exec(text)?.[1]?.toLowerCase();
        if (td) {
          e.text_domain = td;
          if (e.domain) e.mismatch = !related(td, e.domain);
        }
      }
      if (!add(e)) return out;
    }
    for (const m of h.matchAll(FORM)) {
      const am = ACTION.exec(m[1]!);
      const url = am ? decodeEntities((am[1] ?? am[2] ?? am[3] ?? '').trim()) : '';
      if (url.length > 0 && !add(withDomain(url, 'form'))) return out;
    }
    // Bare URLs in the HTML text outside anchors (anchor text was taken with its href).
    let outside = '';
    let pos = 0;
    for (const [a, b] of textRanges) {
      if (a < pos) continue;
      outside += h.slice(pos, a) + ' ';
      pos = b;
    }
    const textOnly = (outside + h.slice(pos)).replace(TAG, ' ');
    for (const m of textOnly.matchAll(TEXT_URL)) {
      const url = decodeEntities(trimTail(m[0]));
      if (hrefs.has(url)) continue;
      if (!add(withDomain(url, 'html_text'))) return out;
    }
  }
  return out;
}
