/**
 * Aho–Corasick automaton over UTF-16 code units: finds every occurrence of many literal
 * patterns in one left-to-right pass over a text. Built once at load; the search allocates
 * nothing. Transitions are stored flat (sorted edge lists, dense table for the root's
 * Latin-1 range) to keep the structure compact with tens of thousands of patterns.
 *
 * @example
 * const ac = new AhoCorasick(['cmd.exe', 'powershell']);
 * ac.search('c:\\windows\\system32\\cmd.exe', (id) => console.log(id)); // 0
 */
export class AhoCorasick {
  readonly size: number;
  private readonly edgeStart: Int32Array;
  private readonly edgeChar: Uint16Array;
  private readonly edgeNext: Int32Array;
  private readonly rootNext: Int32Array;
  private readonly fail: Int32Array;
  /** Next node on the dictionary-suffix chain that ends a pattern (0 = none). */
  private readonly dictLink: Int32Array;
  private readonly outStart: Int32Array;
  private readonly outIds: Int32Array;

  constructor(patterns: string[]) {
    this.size = patterns.length;
    const children: Array<Map<number, number>> = [new Map()];
    const outs: number[][] = [[]];
    patterns.forEach((p, id) => {
      let s = 0;
      for (let i = 0; i < p.length; i++) {
        const c = p.charCodeAt(i);
        let n = children[s]!.get(c);
        if (n === undefined) {
          n = children.length;
          children.push(new Map());
          outs.push([]);
          children[s]!.set(c, n);
        }
        s = n;
      }
      outs[s]!.push(id);
    });
    const n = children.length;
    const fail = new Int32Array(n);
    const dict = new Int32Array(n);
    // Breadth-first: a node's fail link points to a shallower node, already finished.
    const queue: number[] = [];
    for (const child of children[0]!.values()) queue.push(child);
    for (let qi = 0; qi < queue.length; qi++) {
      const s = queue[qi]!;
      for (const [c, t] of children[s]!) {
        let f = fail[s]!;
        while (f !== 0 && !children[f]!.has(c)) f = fail[f]!;
        const g = children[f]!.get(c);
        fail[t] = g !== undefined && g !== t ? g : 0;
        const ft = fail[t]!;
        dict[t] = outs[ft]!.length > 0 ? ft : dict[ft]!;
        queue.push(t);
      }
    }
    const edgeStart = new Int32Array(n + 1);
    let total = 0;
    for (let s = 0; s < n; s++) {
      edgeStart[s] = total;
      total += children[s]!.size;
    }
    edgeStart[n] = total;
    const edgeChar = new Uint16Array(total);
    const edgeNext = new Int32Array(total);
    for (let s = 0; s < n; s++) {
      let k = edgeStart[s]!;
      for (const [c, t] of [...children[s]!].sort((a, b) => a[0] - b[0])) {
        edgeChar[k] = c;
        edgeNext[k++] = t;
      }
    }
    const rootNext = new Int32Array(256);
    for (const [c, t] of children[0]!) if (c < 256) rootNext[c] = t;
    const outStart = new Int32Array(n + 1);
    let o = 0;
    for (let s = 0; s < n; s++) {
      outStart[s] = o;
      o += outs[s]!.length;
    }
    outStart[n] = o;
    const outIds = new Int32Array(o);
    for (let s = 0, k = 0; s < n; s++) for (const id of outs[s]!) outIds[k++] = id;
    this.edgeStart = edgeStart;
    this.edgeChar = edgeChar;
    this.edgeNext = edgeNext;
    this.rootNext = rootNext;
    this.fail = fail;
    this.dictLink = dict;
    this.outStart = outStart;
    this.outIds = outIds;
  }

  private step(s: number, c: number): number {
    if (s === 0) {
      if (c < 256) return this.rootNext[c]!;
    }
    const lo = this.edgeStart[s]!;
    const hi = this.edgeStart[s + 1]!;
    if (hi - lo <= 8) {
      for (let k = lo; k < hi; k++) {
        const ec = this.edgeChar[k]!;
        if (ec === c) return this.edgeNext[k]!;
        if (ec > c) return 0;
      }
      return 0;
    }
    let a = lo;
    let b = hi - 1;
    while (a <= b) {
      const m = (a + b) >> 1;
      const ec = this.edgeChar[m]!;
      if (ec === c) return this.edgeNext[m]!;
      if (ec < c) a = m + 1;
      else b = m - 1;
    }
    return 0;
  }

  /** Call `onMatch(patternId)` for every occurrence of every pattern in `text`. */
  search(text: string, onMatch: (id: number) => void): void {
    const { fail, dictLink, outStart, outIds } = this;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let t = this.step(s, c);
      while (t === 0 && s !== 0) {
        s = fail[s]!;
        t = this.step(s, c);
      }
      s = t;
      if (s === 0) continue;
      let o = outStart[s] !== outStart[s + 1] ? s : dictLink[s]!;
      while (o !== 0) {
        for (let k = outStart[o]!; k < outStart[o + 1]!; k++) onMatch(outIds[k]!);
        o = dictLink[o]!;
      }
    }
  }
}
