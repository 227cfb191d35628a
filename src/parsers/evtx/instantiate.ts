import { EvtxFormatError } from './bytes.js';
import type { SubValue, XmlChild } from './tree.js';

/** A node of a compiled template: literal parts, substitution slots, or already-rendered content. */
export type TNode = TElem | string | TSub | { rendered: XmlChild[] };
export interface TElem { name: string; attrs: TAttr[]; children: TNode[] }
export interface TAttr { name: string; parts: TNode[] }
export interface TSub { sub: number; optional: boolean }

/** Nesting limit for elements, template instances and nested BinXML (malicious input guard). */
export const MAX_DEPTH = 64;

function isSub(n: TNode): n is TSub {
  return typeof n === 'object' && 'sub' in n;
}

/**
 * Fill a compiled template with a record's substitution values. An element whose only content is
 * an array value repeats once per item (as Windows renders it); an attribute whose substitutions
 * are all empty is left out.
 *
 * @example
 * instantiate([{ name: 'Level', attrs: [], children: [{ sub: 0, optional: false }] }], ['4'], 0)
 * // [{ name: 'Level', attrs: [], children: ['4'] }]
 */
export function instantiate(nodes: TNode[], values: SubValue[], depth: number): XmlChild[] {
  if (depth > MAX_DEPTH) throw new EvtxFormatError('BinXML nested too deeply');
  const out: XmlChild[] = [];
  for (const n of nodes) {
    if (typeof n === 'string') out.push(n);
    else if (isSub(n)) pushValue(out, values[n.sub] ?? null);
    else if ('rendered' in n) out.push(...n.rendered);
    else instantiateElement(n, values, depth + 1, out);
  }
  return out;
}

function instantiateElement(n: TElem, values: SubValue[], depth: number, out: XmlChild[]): void {
  const attrs: Array<[string, string]> = [];
  for (const a of n.attrs) {
    let text = '';
    let hasValue = a.parts.length === 0;
    for (const part of a.parts) {
      if (typeof part === 'string') {
        text += part;
        hasValue = true;
      } else if (isSub(part)) {
        const v = values[part.sub] ?? null;
        if (v === null) continue;
        hasValue = true;
        if (typeof v === 'string') text += v;
        else if ('items' in v) text += v.items.join(',');
      }
    }
    if (hasValue) attrs.push([a.name, text]);
  }
  const only = n.children.length === 1 ? n.children[0]! : undefined;
  if (only !== undefined && isSub(only)) {
    const v = values[only.sub] ?? null;
    if (v !== null && typeof v === 'object' && 'items' in v) {
      // Windows renders an array substitution as the element repeated once per item.
      for (const item of v.items) out.push({ name: n.name, attrs, children: [item] });
      return;
    }
  }
  out.push({ name: n.name, attrs, children: instantiate(n.children, values, depth) });
}

function pushValue(out: XmlChild[], v: SubValue): void {
  if (v === null) return;
  if (typeof v === 'string') {
    if (v.length > 0) out.push(v);
  } else if ('items' in v) out.push(v.items.join(','));
  else out.push(...v.xml);
}
