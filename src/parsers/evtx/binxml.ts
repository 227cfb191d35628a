import { EvtxFormatError, need, u16, u32, utf16 } from './bytes.js';
import { instantiate, MAX_DEPTH, type TAttr, type TElem, type TNode } from './instantiate.js';
import type { SubValue, XmlChild, XmlElement } from './tree.js';
import { decodeValue, fixedSize } from './values.js';

/** BinXML tokens (the 0x40 bit marks "more follow" / "has attributes"). */
const T = {
  Eof: 0x00, OpenStart: 0x01, CloseStart: 0x02, CloseEmpty: 0x03, End: 0x04, Value: 0x05, Attribute: 0x06,
  CData: 0x07, CharRef: 0x08, EntityRef: 0x09, PITarget: 0x0a, PIData: 0x0b, TemplateInstance: 0x0c,
  NormalSub: 0x0d, OptionalSub: 0x0e, Fragment: 0x0f,
} as const;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decoder of the Binary XML inside one chunk. Names and template definitions are referenced by
 * chunk-relative offsets, so it caches both per chunk: a template is compiled once and then only
 * instantiated with each record's substitution values.
 *
 * @example
 * const dec = new ChunkDecoder(chunk);
 * dec.record(recordPos + 24, recordPos + size - 4) // { name: 'Event', attrs: [['xmlns', '…']], children: [ … ] }
 */
export class ChunkDecoder {
  private readonly names = new Map<number, string>();
  private readonly templates = new Map<number, TNode[]>();

  constructor(private readonly chunk: Buffer) {}

  /** Decode the BinXML of one record (`[pos, end)` chunk-relative) into its root element. */
  record(pos: number, end: number): XmlElement {
    const nodes = this.fragment(pos, end, 0).nodes;
    const out = instantiate(nodes, [], 0);
    const root = out.find((c): c is XmlElement => typeof c !== 'string');
    if (!root) throw new EvtxFormatError('record has no root element');
    return root;
  }

  private name(offset: number, at: number): { name: string; inline: number } {
    if (offset === at) {
      const n = u16(this.chunk, at + 6, 'inline name length');
      const name = utf16(this.chunk, at + 8, n, 'inline name');
      this.names.set(offset, name);
      return { name, inline: 8 + 2 * n + 2 };
    }
    let name = this.names.get(offset);
    if (name === undefined) {
      if (offset < 0x80 || offset >= this.chunk.length) throw new EvtxFormatError(`name offset 0x${offset.toString(16)} outside the chunk`);
      const n = u16(this.chunk, offset + 6, 'name length');
      name = utf16(this.chunk, offset + 8, n, 'name');
      this.names.set(offset, name);
    }
    return { name, inline: 0 };
  }

  /** A name offset is plausible if it is inline (here) or points backwards into the chunk's data. */
  private plausibleName(offset: number, at: number): boolean {
    return offset === at || (offset >= 0x80 && offset < at && this.names.has(offset)) || (offset >= 0x200 && offset < at);
  }

  /**
   * Parse a BinXML fragment or element sequence in `[pos, end)`. Returns the nodes and where it stopped.
   */
  private fragment(pos: number, end: number, depth: number): { nodes: TNode[]; pos: number } {
    if (depth > MAX_DEPTH) throw new EvtxFormatError('BinXML nested too deeply');
    const c = this.chunk;
    const nodes: TNode[] = [];
    while (pos < end) {
      const tok = c[pos]!;
      const base = checkToken(tok, pos);
      if (base === T.Eof) return { nodes, pos: pos + 1 };
      if (base === T.Fragment && tok === T.Fragment) {
        need(c, pos, 4, 'fragment header');
        pos += 4;
        continue;
      }
      if (base === T.OpenStart) {
        const r = this.element(pos, end, depth + 1);
        nodes.push(r.el);
        pos = r.pos;
        continue;
      }
      if (base === T.TemplateInstance) {
        const r = this.templateInstance(pos, depth + 1);
        nodes.push({ rendered: r.rendered });
        pos = r.pos;
        continue;
      }
      if (base === T.PITarget || base === T.PIData) {
        pos = this.skipPI(pos);
        continue;
      }
      const r = this.contentToken(pos);
      if (!r) throw new EvtxFormatError(`unexpected token 0x${tok.toString(16)} at 0x${pos.toString(16)}`);
      nodes.push(r.node);
      pos = r.pos;
    }
    return { nodes, pos };
  }

  private skipPI(pos: number): number {
    const c = this.chunk;
    if ((c[pos]! & 0x0f) === T.PITarget) {
      const off = u32(c, pos + 1, 'PI target name');
      return pos + 5 + this.name(off, pos + 5).inline;
    }
    return pos + 3 + 2 * u16(c, pos + 1, 'PI data length');
  }

  /** Value, substitution, CDATA, character and entity references: text-like content. */
  private contentToken(pos: number): { node: TNode; pos: number } | undefined {
    const c = this.chunk;
    switch (c[pos]! & 0x0f) {
      case T.Value: {
        const type = c[pos + 1];
        if (type === undefined) throw new EvtxFormatError('truncated value token');
        if (type === 0x01) {
          const n = u16(c, pos + 2, 'value length');
          return { node: utf16(c, pos + 4, n, 'value'), pos: pos + 4 + 2 * n };
        }
        const size = fixedSize(type);
        if (size === undefined) throw new EvtxFormatError(`value token of type 0x${type.toString(16)} is not supported`);
        const v = decodeValue(type, c, pos + 2, size, () => null);
        return { node: typeof v === 'string' ? v : '', pos: pos + 2 + size };
      }
      case T.NormalSub:
      case T.OptionalSub: {
        const sub = u16(c, pos + 1, 'substitution index');
        need(c, pos + 3, 1, 'substitution type');
        return { node: { sub, optional: (c[pos]! & 0x0f) === T.OptionalSub }, pos: pos + 4 };
      }
      case T.CData: {
        const n = u16(c, pos + 1, 'CDATA length');
        return { node: utf16(c, pos + 3, n, 'CDATA'), pos: pos + 3 + 2 * n };
      }
      case T.CharRef:
        return { node: String.fromCharCode(u16(c, pos + 1, 'character reference')), pos: pos + 3 };
      case T.EntityRef: {
        const off = u32(c, pos + 1, 'entity name');
        const nm = this.name(off, pos + 5);
        return { node: ENTITIES[nm.name] ?? `&${nm.name};`, pos: pos + 5 + nm.inline };
      }
      default:
        return undefined;
    }
  }

  /**
   * Open start element. Element headers inside template definitions carry a 2-byte dependency
   * identifier that elements written directly in a record (or nested BinXML) may lack, so the
   * layout is chosen by which reading yields a plausible name offset.
   */
  private element(pos: number, end: number, depth: number): { el: TElem; pos: number } {
    if (depth > MAX_DEPTH) throw new EvtxFormatError('BinXML nested too deeply');
    const c = this.chunk;
    const hasAttrs = (c[pos]! & 0x40) !== 0;
    need(c, pos, 11, 'element header');
    let p = pos + 3;
    let nameOff = c.readUInt32LE(p + 4);
    if (!this.plausibleName(nameOff, p + 8) && this.plausibleName(c.readUInt32LE(pos + 5), pos + 9)) {
      p = pos + 1;
      nameOff = c.readUInt32LE(p + 4);
    }
    p += 8;
    const nm = this.name(nameOff, p);
    p += nm.inline;
    if (hasAttrs) p += 4; // attribute list size
    const el: TElem = { name: nm.name, attrs: [], children: [] };
    // Attributes, until the start tag closes.
    let attr: TAttr | undefined;
    for (;;) {
      need(c, p, 1, 'element token');
      const tok = c[p]!;
      const base = checkToken(tok, p);
      if (base === T.Attribute) {
        const off = u32(c, p + 1, 'attribute name');
        const an = this.name(off, p + 5);
        attr = { name: an.name, parts: [] };
        el.attrs.push(attr);
        p += 5 + an.inline;
        continue;
      }
      if (base === T.CloseEmpty) return { el, pos: p + 1 };
      if (base === T.CloseStart) {
        p += 1;
        break;
      }
      const r = this.contentToken(p);
      if (!r || !attr) throw new EvtxFormatError(`unexpected token 0x${tok.toString(16)} in start tag of <${el.name}> at 0x${p.toString(16)}`);
      attr.parts.push(r.node);
      p = r.pos;
    }
    // Content, until the end tag.
    for (;;) {
      if (p >= end) throw new EvtxFormatError(`<${el.name}> is not closed`);
      const tok = c[p]!;
      const base = checkToken(tok, p);
      if (base === T.End) return { el, pos: p + 1 };
      if (base === T.Eof) throw new EvtxFormatError(`end of stream inside <${el.name}>`);
      if (base === T.OpenStart) {
        const r = this.element(p, end, depth + 1);
        el.children.push(r.el);
        p = r.pos;
        continue;
      }
      if (base === T.TemplateInstance) {
        const r = this.templateInstance(p, depth + 1);
        el.children.push({ rendered: r.rendered });
        p = r.pos;
        continue;
      }
      if (base === T.PITarget || base === T.PIData) {
        p = this.skipPI(p);
        continue;
      }
      const r = this.contentToken(p);
      if (!r) throw new EvtxFormatError(`unexpected token 0x${tok.toString(16)} in <${el.name}> at 0x${p.toString(16)}`);
      el.children.push(r.node);
      p = r.pos;
    }
  }

  private template(defOffset: number, depth: number): { nodes: TNode[]; size: number } {
    const c = this.chunk;
    const size = u32(c, defOffset + 20, 'template data size');
    need(c, defOffset + 24, size, 'template definition');
    let nodes = this.templates.get(defOffset);
    if (!nodes) {
      nodes = this.fragment(defOffset + 24, defOffset + 24 + size, depth).nodes;
      this.templates.set(defOffset, nodes);
    }
    return { nodes, size };
  }

  /** A template instance: the (inline or back-referenced) definition, filled with its values. */
  private templateInstance(pos: number, depth: number): { rendered: XmlChild[]; pos: number } {
    if (depth > MAX_DEPTH) throw new EvtxFormatError('BinXML nested too deeply');
    const c = this.chunk;
    const defOffset = u32(c, pos + 6, 'template offset');
    let p = pos + 10;
    let nodes: TNode[];
    if (defOffset === p) {
      const t = this.template(defOffset, depth);
      nodes = t.nodes;
      p += 24 + t.size;
    } else {
      if (defOffset < 0x200 || defOffset >= c.length) throw new EvtxFormatError(`template offset 0x${defOffset.toString(16)} outside the chunk`);
      nodes = this.template(defOffset, depth).nodes;
    }
    const count = u32(c, p, 'substitution count');
    p += 4;
    need(c, p, count * 4, 'substitution descriptors');
    const values: SubValue[] = new Array<SubValue>(count);
    let vp = p + count * 4;
    for (let i = 0; i < count; i++) {
      const size = c.readUInt16LE(p + i * 4);
      const type = c[p + i * 4 + 2]!;
      values[i] = decodeValue(type, c, vp, size, (at, n) => this.nested(at, n, depth + 1));
      vp += size;
    }
    return { rendered: instantiate(nodes, values, depth), pos: vp };
  }

  private nested(pos: number, size: number, depth: number): SubValue {
    const nodes = this.fragment(pos, pos + size, depth).nodes;
    return { xml: instantiate(nodes, [], depth) };
  }
}

/** The token without its 0x40 flag; any other high bit means the data is not BinXML. */
function checkToken(tok: number, pos: number): number {
  if ((tok & 0xb0) !== 0) throw new EvtxFormatError(`unexpected token 0x${tok.toString(16)} at 0x${pos.toString(16)}`);
  return tok & 0x0f;
}
