/**
 * A small, safe, non-validating XML reader for FHIR XML: elements, attributes, text, comments,
 * CDATA, processing instructions, the five predefined entities and numeric character
 * references. A DOCTYPE is refused (no DTDs, so no entity expansion attacks), as are other
 * named entities. Errors name the problem and the byte offset, never the content.
 */

/**
 * An XML element: local name (prefix dropped), attributes by local name, children in order.
 *
 * @example
 * const e: XmlElement = { name: 'id', attrs: { value: 'x' }, children: [], text: '' };
 */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Concatenated character data directly inside the element. */
  text: string;
}

/**
 * Why a document could not be read, with the offset where reading stopped.
 *
 * @example
 * try { readXml('<a>'); } catch (e) { if (e instanceof XmlError) e.offset; }
 */
export class XmlError extends Error {
  constructor(message: string, readonly offset: number) {
    super(`${message} at offset ${offset}`);
    this.name = 'XmlError';
  }
}

/**
 * Limits that keep a hostile document from costing much.
 *
 * @example
 * readXml(text, { maxDepth: 64 });
 */
export interface XmlLimits {
  maxDepth?: number;
  maxElements?: number;
}

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

function decodeEntities(s: string, at: number): string {
  if (!s.includes('&')) return s;
  return s.replace(/&([^;&\s]{0,10});?/g, (m, name: string) => {
    if (!m.endsWith(';')) throw new XmlError('unterminated entity reference', at);
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number.parseInt(name.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
        throw new XmlError('invalid character reference', at);
      }
      return String.fromCodePoint(code);
    }
    const v = PREDEFINED[name];
    if (v === undefined) throw new XmlError('undeclared entity (only the five predefined ones are allowed)', at);
    return v;
  });
}

const NAME = /[A-Za-z_:][-A-Za-z0-9_:.]*/y;
const ATTR = /\s*([A-Za-z_:][-A-Za-z0-9_:.]*)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/y;

/**
 * Read an XML document into its root element. A UTF-8 BOM, the XML declaration, comments and
 * processing instructions around the root are skipped.
 *
 * @example
 * readXml('<Patient xmlns="http://hl7.org/fhir"><id value="1"/></Patient>').children[0]!.attrs.value // '1'
 */
export function readXml(text: string, limits: XmlLimits = {}): XmlElement {
  const maxDepth = limits.maxDepth ?? 100;
  const maxElements = limits.maxElements ?? 1_000_000;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let count = 0;

  const skipMisc = (): void => {
    for (;;) {
      while (i < n && /\s/.test(text[i]!)) i++;
      if (text.startsWith('<?', i)) {
        const end = text.indexOf('?>', i + 2);
        if (end < 0) throw new XmlError('unterminated processing instruction', i);
        i = end + 2;
      } else if (text.startsWith('<!--', i)) {
        const end = text.indexOf('-->', i + 4);
        if (end < 0) throw new XmlError('unterminated comment', i);
        i = end + 3;
      } else if (text.startsWith('<!DOCTYPE', i) || text.startsWith('<!doctype', i)) {
        throw new XmlError('DOCTYPE is not allowed', i);
      } else return;
    }
  };

  skipMisc();
  if (text[i] !== '<') throw new XmlError('expected the root element', i);
  while (i < n) {
    const top = stack[stack.length - 1];
    if (text[i] !== '<') {
      const end = text.indexOf('<', i);
      const chunk = text.slice(i, end < 0 ? n : end);
      if (top === undefined) {
        if (chunk.trim() !== '') throw new XmlError('text outside the root element', i);
      } else top.text += decodeEntities(chunk, i);
      i = end < 0 ? n : end;
      continue;
    }
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) throw new XmlError('unterminated comment', i);
      i = end + 3;
      continue;
    }
    if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i + 9);
      if (end < 0 || top === undefined) throw new XmlError('unterminated or misplaced CDATA section', i);
      top.text += text.slice(i + 9, end);
      i = end + 3;
      continue;
    }
    if (text.startsWith('<?', i)) {
      const end = text.indexOf('?>', i + 2);
      if (end < 0) throw new XmlError('unterminated processing instruction', i);
      i = end + 2;
      continue;
    }
    if (text.startsWith('<!', i)) throw new XmlError('DOCTYPE and declarations are not allowed', i);
    if (text[i + 1] === '/') {
      NAME.lastIndex = i + 2;
      const m = NAME.exec(text);
      if (!m || top === undefined || localName(m[0]) !== top.name) throw new XmlError('mismatched end tag', i);
      i = NAME.lastIndex;
      while (i < n && /\s/.test(text[i]!)) i++;
      if (text[i] !== '>') throw new XmlError('malformed end tag', i);
      i++;
      stack.pop();
      if (stack.length === 0) {
        skipMisc();
        if (i < n) throw new XmlError('content after the root element', i);
        break;
      }
      continue;
    }
    // Start tag.
    if (top === undefined && root !== undefined) throw new XmlError('more than one root element', i);
    NAME.lastIndex = i + 1;
    const m = NAME.exec(text);
    if (!m) throw new XmlError('malformed start tag', i);
    const el: XmlElement = { name: localName(m[0]), attrs: {}, children: [], text: '' };
    if (++count > maxElements) throw new XmlError('too many elements', i);
    let j = NAME.lastIndex;
    for (;;) {
      ATTR.lastIndex = j;
      const a = ATTR.exec(text);
      if (!a) break;
      const key = localName(a[1]!);
      // `xmlns` declarations are not data; everything else keeps its local name.
      if (a[1] !== 'xmlns' && !a[1]!.startsWith('xmlns:') && key !== '__proto__') el.attrs[key] = decodeEntities(a[2] ?? a[3] ?? '', j);
      j = ATTR.lastIndex;
    }
    while (j < n && /\s/.test(text[j]!)) j++;
    const selfClosing = text[j] === '/' && text[j + 1] === '>';
    if (!selfClosing && text[j] !== '>') throw new XmlError('malformed start tag', j);
    i = selfClosing ? j + 2 : j + 1;
    if (top) top.children.push(el);
    else root = el;
    if (!selfClosing) {
      if (stack.length >= maxDepth) throw new XmlError('elements nested too deeply', i);
      stack.push(el);
    } else if (top === undefined) {
      skipMisc();
      if (i < n) throw new XmlError('content after the root element', i);
      break;
    }
  }
  if (stack.length > 0 || root === undefined) throw new XmlError('unexpected end of document', n);
  return root;
}
