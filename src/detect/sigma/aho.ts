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
  /** Length of the shortest pattern: a shorter text cannot hold a match and is not scanned. */
  readonly minLength: number;
  /** Set-Horspool gate (folded 2-grams → safe shift); undefined when patterns are too short to skip. */
  private readonly skip: Uint8Array | undefined;
  private readonly window: number;
  private readonly edgeStart: Int32Array;
  private readonly edgeChar: Uint16Array;
  private readonly edgeNext: Int32Array;
  private readonly rootNext: Int32Array;
  private readonly fail: Int32Array;
  /** Next node on the dictionary-suffix chain that ends a pattern (0 = none). */
  private readonly dictLink: Int32Array;
  private readonly outStart: Int32Array;
  private readonly outIds: Int32Array;
  /** First node with outputs on the suffix chain of each node (itself included), 0 = none. */
  private readonly firstOut: Int32Array;
  /**
   * Dense DFA (node × character class) for automata small enough: one table read per character
   * and no failure-link walk. Characters outside every pattern share class 0.
   */
  private readonly dfa: Int32Array | undefined;
  private readonly classes: number;
  private readonly lowClass: Uint8Array | Uint16Array;
  private readonly highClass: Map<number, number>;
  /** Case-folded character → class for every UTF-16 unit (dense automata with < 256 classes). */
  private readonly foldedClass: Uint8Array | undefined;
  /**
   * The same DFA with row offsets instead of node numbers, negated when the target node reports
   * outputs: the folded scan then costs two table reads per character and no multiply.
   */
  private readonly dfaRows: Int32Array | undefined;

  constructor(patterns: string[]) {
    this.size = patterns.length;
    this.minLength = patterns.reduce((m, p) => Math.min(m, p.length), Infinity);
    this.window = Math.min(this.minLength, 255);
    this.skip = this.minLength >= 4 ? skipTable(patterns, this.window) : undefined;
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
    const firstOut = new Int32Array(n);
    for (let s = 1; s < n; s++) firstOut[s] = outStart[s] !== outStart[s + 1] ? s : dict[s]!;
    this.firstOut = firstOut;

    // Character classes over the pattern alphabet.
    const alphabet = new Map<number, number>();
    for (let k = 0; k < total; k++) if (!alphabet.has(edgeChar[k]!)) alphabet.set(edgeChar[k]!, alphabet.size + 1);
    this.classes = alphabet.size + 1;
    this.lowClass = this.classes < 256 ? new Uint8Array(256) : new Uint16Array(256);
    this.highClass = new Map();
    for (const [c, k] of alphabet) {
      if (c < 256) this.lowClass[c] = k;
      else this.highClass.set(c, k);
    }
    if (n * this.classes <= AhoCorasick.DFA_LIMIT) {
      const K = this.classes;
      const dfa = new Int32Array(n * K);
      // Breadth-first so a node's failure row is complete before its own.
      const order = [0, ...queue];
      for (const s of order) {
        const row = s * K;
        const failRow = fail[s]! * K;
        for (let k = 1; k < K; k++) dfa[row + k] = s === 0 ? 0 : dfa[failRow + k]!;
        for (const [c, t] of children[s]!) dfa[row + alphabet.get(c)!] = t;
      }
      this.dfa = dfa;
      if (K < 256) {
        const fold = foldTable();
        const fc = new Uint8Array(65536);
        for (let c = 0; c < 65536; c++) {
          const f = fold[c]!;
          fc[c] = f < 256 ? this.lowClass[f]! : (this.highClass.get(f) ?? 0);
        }
        this.foldedClass = fc;
        const rows = new Int32Array(dfa.length);
        for (let i = 0; i < dfa.length; i++) {
          const t = dfa[i]!;
          rows[i] = firstOut[t] !== 0 ? -(t * K) : t * K;
        }
        this.dfaRows = rows;
      }
    }
  }

  /** Automata up to this many node × class cells get a dense table (4 bytes each). */
  static DFA_LIMIT = 2_000_000;

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

  private searchDense(text: string, onMatch: (id: number) => void, table: Uint16Array | undefined): void {
    const dfa = this.dfa!;
    const K = this.classes;
    const { lowClass, highClass, firstOut, dictLink, outStart, outIds } = this;
    let s = 0;
    const fc = this.foldedClass;
    const rows = this.dfaRows;
    if (table && fc && rows) {
      let row = 0;
      for (let i = 0; i < text.length; i++) {
        const v = rows[row + fc[text.charCodeAt(i)]!]!;
        if (v >= 0) {
          row = v;
          continue;
        }
        row = -v;
        let o = firstOut[row / K]!;
        while (o !== 0) {
          for (let j = outStart[o]!; j < outStart[o + 1]!; j++) onMatch(outIds[j]!);
          o = dictLink[o]!;
        }
      }
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = table ? table[text.charCodeAt(i)]! : text.charCodeAt(i);
      const k = c < 256 ? lowClass[c]! : (highClass.get(c) ?? 0);
      s = k === 0 ? 0 : dfa[s * K + k]!;
      let o = firstOut[s]!;
      while (o !== 0) {
        for (let j = outStart[o]!; j < outStart[o + 1]!; j++) onMatch(outIds[j]!);
        o = dictLink[o]!;
      }
    }
  }

  /**
   * Call `onMatch(patternId)` for every occurrence of every pattern in `text`. With `fold`,
   * the text is lower-cased on the fly (patterns must be lower-case), saving a copy of it.
   */
  search(text: string, onMatch: (id: number) => void, fold = false): void {
    const { fail, dictLink, outStart, outIds } = this;
    const table = fold ? foldTable() : undefined;
    // Most texts hold none of the patterns: a skip loop proves it reading a fraction of the
    // characters, and only texts it cannot clear get the character-by-character automaton.
    if (table && this.skip && !mayOccur(text, this.skip, this.window, table)) return;
    if (this.dfa) {
      this.searchDense(text, onMatch, table);
      return;
    }
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = table ? table[text.charCodeAt(i)]! : text.charCodeAt(i);
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

const GRAM_MASK = 4095;

/**
 * Wu–Manber shift table over folded 2-grams of each pattern's first `w` characters: the distance
 * from a 2-gram to the end of the window, minimised over patterns (hash collisions only shrink a
 * shift, which stays safe). A 2-gram in no window shifts by w - 1.
 */
function skipTable(patterns: string[], w: number): Uint8Array {
  const fold = foldTable();
  const shift = new Uint8Array(GRAM_MASK + 1).fill(w - 1);
  for (const p of patterns) {
    for (let j = 1; j < w; j++) {
      const h = ((fold[p.charCodeAt(j - 1)]! * 31) ^ fold[p.charCodeAt(j)]!) & GRAM_MASK;
      if (w - 1 - j < shift[h]!) shift[h] = w - 1 - j;
    }
  }
  return shift;
}

/**
 * False only when no pattern can occur in `text` (Horspool over 2-grams: an occurrence at i is
 * never skipped past its window end i + w - 1, where the shift is 0).
 */
function mayOccur(text: string, shift: Uint8Array, w: number, fold: Uint16Array): boolean {
  const n = text.length;
  let pos = w - 1;
  while (pos < n) {
    const s = shift[((fold[text.charCodeAt(pos - 1)]! * 31) ^ fold[text.charCodeAt(pos)]!) & GRAM_MASK]!;
    if (s === 0) return true;
    pos += s;
  }
  return false;
}

let FOLD: Uint16Array | undefined;

/**
 * Lower-case text one UTF-16 unit at a time, exactly as the folding scan does (unlike
 * `toLowerCase`, no context rules such as the Greek final sigma): prefilter needles use it.
 *
 * @example
 * foldLower('ΟΔΟΣ') // 'οδοσ'
 */
export function foldLower(s: string): string {
  const t = foldTable();
  let out = '';
  for (let i = 0; i < s.length; i++) out += String.fromCharCode(t[s.charCodeAt(i)]!);
  return out;
}

/** UTF-16 code unit → its lower-case code unit (where lower-casing keeps one unit). Built once. */
function foldTable(): Uint16Array {
  if (!FOLD) {
    FOLD = new Uint16Array(65536);
    for (let c = 0; c < 65536; c++) {
      const l = String.fromCharCode(c).toLowerCase();
      FOLD[c] = l.length === 1 ? l.charCodeAt(0) : c;
    }
  }
  return FOLD;
}
