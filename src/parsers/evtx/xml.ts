import type { XmlChild, XmlElement } from './tree.js';

function esc(s: string, attr: boolean): string {
  let out = s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  if (attr) out = out.replace(/"/g, '&quot;');
  return out;
}

function render(el: XmlElement, indent: string, lines: string[]): void {
  const attrs = el.attrs.map(([k, v]) => ` ${k}="${esc(v, true)}"`).join('');
  if (el.children.length === 0) {
    lines.push(`${indent}<${el.name}${attrs}></${el.name}>`);
    return;
  }
  if (el.children.every((c: XmlChild) => typeof c === 'string')) {
    lines.push(`${indent}<${el.name}${attrs}>${esc(el.children.join(''), false)}</${el.name}>`);
    return;
  }
  lines.push(`${indent}<${el.name}${attrs}>`);
  for (const c of el.children) {
    if (typeof c === 'string') lines.push(`${indent}  ${esc(c, false)}`);
    else render(c, `${indent}  `, lines);
  }
  lines.push(`${indent}</${el.name}>`);
}

/**
 * Render a record as indented XML, for debugging and for comparing with other EVTX tools.
 *
 * @example
 * toXml(record) // '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">\n  <System>…'
 */
export function toXml(record: { tree: XmlElement }): string {
  const lines: string[] = [];
  render(record.tree, '', lines);
  return lines.join('\n');
}
