import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { LineCounter, parseDocument, isMap, isSeq, type Node } from 'yaml';
import { playbookSchema, type Playbook } from './playbook.js';

/** One problem in a playbook file: where (file:line) and which key. */
export interface PlaybookIssue {
  file: string;
  line: number;
  key: string;
  message: string;
}

/** Result of loading a folder: the valid playbooks and every problem found (loading goes on past one). */
export interface LoadResult {
  playbooks: Playbook[];
  issues: PlaybookIssue[];
}

/** Walk a YAML node along a zod issue path; returns the deepest node found. */
function nodeAt(root: Node | null, path: ReadonlyArray<PropertyKey>): Node | null {
  let node = root;
  for (const k of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === k);
      if (!pair) return node;
      node = (pair.value as Node | null) ?? (pair.key as Node);
    } else if (isSeq(node) && typeof k === 'number') {
      const next = node.items[k] as Node | undefined;
      if (!next) return node;
      node = next;
    } else return node;
  }
  return node;
}

function keyOf(path: ReadonlyArray<PropertyKey>): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`)).join('') || '(root)';
}

/**
 * Parse and validate one playbook file's text. Problems name the line and the key.
 *
 * @example
 * parsePlaybook('name: x\ntrigger: {}\n', 'x.yaml').issues[0] // { file: 'x.yaml', line: 2, key: 'trigger', … }
 */
export function parsePlaybook(text: string, file: string): { playbook?: Playbook; issues: PlaybookIssue[] } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  const line = (offset: number | undefined) => (offset === undefined ? 1 : lc.linePos(offset).line);
  if (doc.errors.length) {
    return { issues: doc.errors.map((e) => ({ file, line: line(e.pos[0]), key: '(yaml)', message: e.message.split('\n')[0]! })) };
  }
  const parsed = playbookSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    return {
      issues: parsed.error.issues.map((i) => {
        const node = nodeAt(doc.contents, i.path);
        // An unknown key: point at the key itself, not its map.
        const keys = i.code === 'unrecognized_keys' ? i.keys : [];
        const keyNode = keys.length && isMap(node) ? node.items.find((p) => (p.key as { value?: unknown } | null)?.value === keys[0])?.key as Node | undefined : undefined;
        const at = keyNode ?? node;
        return { file, line: line(at?.range?.[0]), key: keyOf([...i.path, ...keys.slice(0, 1)]), message: i.message };
      }),
    };
  }
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 12);
  return { playbook: { ...parsed.data, file, hash }, issues: [] };
}

/**
 * Load every `*.yaml`/`*.yml` playbook in a folder (sorted by file name). Names must be unique.
 *
 * @example
 * const { playbooks, issues } = loadPlaybooks('config/playbooks');
 */
export function loadPlaybooks(dir: string): LoadResult {
  const out: LoadResult = { playbooks: [], issues: [] };
  let files: string[];
  try {
    files = statSync(dir).isDirectory()
      ? readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort().map((f) => join(dir, f))
      : [dir];
  } catch (err) {
    out.issues.push({ file: dir, line: 0, key: '(file)', message: `cannot read: ${(err as Error).message}` });
    return out;
  }
  const seen = new Map<string, string>();
  for (const file of files) {
    const r = parsePlaybook(readFileSync(file, 'utf8'), file);
    out.issues.push(...r.issues);
    if (!r.playbook) continue;
    const dup = seen.get(r.playbook.name);
    if (dup) {
      out.issues.push({ file, line: 1, key: 'name', message: `playbook name "${r.playbook.name}" is also used by ${basename(dup)}` });
      continue;
    }
    seen.set(r.playbook.name, file);
    out.playbooks.push(r.playbook);
  }
  return out;
}
