import { LineCounter, parseAllDocuments, isMap, isScalar, type Document } from 'yaml';
import { parseDuration } from '../../core/duration.js';
import { SigmaError, type RuleIssue } from './errors.js';
import type {
  CorrelationCondition, CorrelationType, LogSource, SigmaCorrelationDoc, SigmaDoc, SigmaFilterDoc, SigmaRuleDoc,
} from './rule.js';

const CORRELATION_TYPES = new Set<CorrelationType>([
  'event_count', 'value_count', 'temporal', 'temporal_ordered', 'value_sum', 'value_avg', 'value_percentile',
]);
const LEVELS = new Set(['informational', 'low', 'medium', 'high', 'critical']);

/** Result of reading one file: the documents that validated and the issues of those that did not. */
export interface ParsedFile {
  docs: SigmaDoc[];
  issues: RuleIssue[];
}

function strList(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  if (Array.isArray(v)) return v.filter((x) => x !== null && x !== undefined).map(String);
  return [String(v)];
}

function optStr(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}

function logsourceOf(v: unknown): LogSource {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new SigmaError('schema', 'logsource must be a map');
  const m = v as Record<string, unknown>;
  const ls: LogSource = {};
  const p = optStr(m.product);
  const c = optStr(m.category);
  const s = optStr(m.service);
  if (p) ls.product = p.toLowerCase();
  if (c) ls.category = c.toLowerCase();
  if (s) ls.service = s.toLowerCase();
  return ls;
}

function detectionOf(v: unknown, what: string): { detection: Record<string, unknown>; conditions: string[] } {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new SigmaError('schema', `${what} must be a map`);
  const { condition, timeframe: _tf, ...rest } = v as Record<string, unknown>;
  if (condition === undefined) throw new SigmaError('schema', `${what} has no condition`);
  const conditions = strList(condition);
  if (conditions.length === 0) throw new SigmaError('schema', `${what} has an empty condition`);
  if (Object.keys(rest).length === 0) throw new SigmaError('schema', `${what} has no search identifiers`);
  return { detection: rest, conditions };
}

function keyLines(doc: Document, lc: LineCounter, path: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  const node = doc.getIn(path, true);
  if (isMap(node)) {
    for (const pair of node.items) {
      if (isScalar(pair.key) && pair.key.range) out[String(pair.key.value)] = lc.linePos(pair.key.range[0]).line;
    }
  }
  return out;
}

function base(m: Record<string, unknown>, file: string, line: number, index: number): Omit<SigmaRuleDoc, 'kind' | 'logsource' | 'detection' | 'conditions' | 'lines'> {
  const title = optStr(m.title);
  if (!title) throw new SigmaError('schema', 'missing title');
  const level = optStr(m.level)?.toLowerCase();
  if (level !== undefined && !LEVELS.has(level)) throw new SigmaError('schema', `unknown level "${level}"`);
  const doc: Omit<SigmaRuleDoc, 'kind' | 'logsource' | 'detection' | 'conditions' | 'lines'> = {
    id: optStr(m.id) ?? `${file}#${index}`,
    title,
    references: strList(m.references),
    tags: strList(m.tags).map((t) => t.toLowerCase()),
    falsepositives: strList(m.falsepositives),
    file,
    line,
  };
  const name = optStr(m.name);
  if (name) doc.name = name;
  const description = optStr(m.description);
  if (description) doc.description = description;
  const status = optStr(m.status);
  if (status) doc.status = status.toLowerCase();
  if (level) doc.level = level;
  const author = optStr(m.author);
  if (author) doc.author = author;
  return doc;
}

function correlationOf(m: Record<string, unknown>, b: ReturnType<typeof base>): SigmaCorrelationDoc {
  const c = m.correlation;
  if (c === null || typeof c !== 'object' || Array.isArray(c)) throw new SigmaError('schema', 'correlation must be a map');
  const cm = c as Record<string, unknown>;
  const type = String(cm.type) as CorrelationType;
  if (!CORRELATION_TYPES.has(type)) throw new SigmaError('schema', `unknown correlation type "${String(cm.type)}"`);
  const rules = strList(cm.rules);
  if (rules.length === 0) throw new SigmaError('schema', 'correlation names no rules');
  const span = cm.timespan ?? cm.timeframe;
  if (span === undefined) throw new SigmaError('schema', 'correlation has no timespan');
  const timespanMs = parseDuration(typeof span === 'number' ? `${span}s` : String(span));
  const condition: CorrelationCondition = {};
  const rawCond = cm.condition;
  if (rawCond !== undefined && rawCond !== null) {
    if (typeof rawCond !== 'object' || Array.isArray(rawCond)) throw new SigmaError('schema', 'correlation condition must be a map');
    for (const [k, v] of Object.entries(rawCond as Record<string, unknown>)) {
      if (k === 'field') condition.field = String(v);
      else if (k === 'gt' || k === 'gte' || k === 'lt' || k === 'lte' || k === 'eq' || k === 'neq' || k === 'percentile') {
        const n = Number(v);
        if (!Number.isFinite(n)) throw new SigmaError('schema', `correlation condition ${k} must be a number`);
        condition[k] = n;
      } else throw new SigmaError('schema', `unknown correlation condition "${k}"`);
    }
  }
  const needsField = type === 'value_count' || type.startsWith('value_');
  if (needsField && !condition.field) throw new SigmaError('schema', `${type} correlation needs condition.field`);
  const hasCmp = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'].some((k) => k in condition);
  if (!hasCmp && !type.startsWith('temporal')) throw new SigmaError('schema', `${type} correlation needs a comparison in its condition`);
  const aliases: Record<string, Record<string, string>> = {};
  if (cm.aliases && typeof cm.aliases === 'object') {
    for (const [alias, map] of Object.entries(cm.aliases as Record<string, unknown>)) {
      if (!map || typeof map !== 'object') throw new SigmaError('schema', `alias ${alias} must map rule names to fields`);
      aliases[alias] = Object.fromEntries(Object.entries(map as Record<string, unknown>).map(([r, f]) => [r, String(f)]));
    }
  }
  return {
    ...b,
    kind: 'correlation',
    type,
    rules,
    groupBy: strList(cm['group-by']),
    timespanMs,
    condition,
    aliases,
    generate: cm.generate === true,
  };
}

/**
 * Read a YAML file of one or more Sigma documents. Each document is validated on its own;
 * a bad one becomes an issue (with its line) and the others still load.
 *
 * @example
 * const { docs, issues } = parseSigmaYaml(text, 'rules/windows/x.yml');
 */
export function parseSigmaYaml(text: string, file: string): ParsedFile {
  const lc = new LineCounter();
  const docs: SigmaDoc[] = [];
  const issues: RuleIssue[] = [];
  let parsed: Document.Parsed[];
  try {
    parsed = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: true }) as Document.Parsed[];
  } catch (err) {
    return { docs, issues: [{ file, reason: 'yaml', message: (err as Error).message, severity: 'error' }] };
  }
  if (!Array.isArray(parsed)) parsed = [parsed];
  // Sigma v1 "action: global" collections: the first document is merged into each later one.
  let global: Record<string, unknown> | undefined;
  parsed.forEach((doc, index) => {
    const line = doc.range ? lc.linePos(doc.range[0]).line : 1;
    if (doc.errors.length > 0) {
      const e = doc.errors[0]!;
      issues.push({ file, line: e.linePos?.[0]?.line ?? line, reason: 'yaml', message: e.message.split('\n')[0]!, severity: 'error' });
      return;
    }
    const js: unknown = doc.toJS({ maxAliasCount: 1000 });
    if (js === null || js === undefined) return;
    let ruleId: string | undefined;
    try {
      if (typeof js !== 'object' || Array.isArray(js)) throw new SigmaError('schema', 'a Sigma document must be a map');
      let m = js as Record<string, unknown>;
      ruleId = optStr(m.id);
      if (m.action === 'global') {
        global = m;
        return;
      }
      if (m.action === 'reset') {
        global = undefined;
        return;
      }
      if (global) m = mergeGlobal(global, m);
      const b = base(m, file, line, index);
      if (m.correlation !== undefined) {
        docs.push(correlationOf(m, b));
      } else if (m.filter !== undefined && m.detection === undefined) {
        const f = m.filter;
        if (f === null || typeof f !== 'object' || Array.isArray(f)) throw new SigmaError('schema', 'filter must be a map');
        const { rules, ...det } = f as Record<string, unknown>;
        const names = typeof rules === 'string' && ['any', 'all'].includes(rules.toLowerCase()) ? 'any' : strList(rules);
        if (names !== 'any' && names.length === 0) throw new SigmaError('schema', 'filter names no rules');
        const filter: SigmaFilterDoc = {
          ...b,
          kind: 'filter',
          logsource: logsourceOf(m.logsource ?? {}),
          rules: names,
          ...detectionOf(det, 'filter'),
          lines: keyLines(doc, lc, ['filter']),
        };
        docs.push(filter);
      } else {
        if (m.logsource === undefined) throw new SigmaError('schema', 'missing logsource');
        if (m.detection === undefined) throw new SigmaError('schema', 'missing detection');
        docs.push({
          ...b,
          kind: 'rule',
          logsource: logsourceOf(m.logsource),
          ...detectionOf(m.detection, 'detection'),
          lines: keyLines(doc, lc, ['detection']),
        });
      }
    } catch (err) {
      const e = err instanceof SigmaError ? err : new SigmaError('schema', (err as Error).message);
      const issue: RuleIssue = { file, line, reason: e.reason, message: e.message, severity: 'error' };
      if (ruleId) issue.ruleId = ruleId;
      issues.push(issue);
    }
  });
  return { docs, issues };
}

function mergeGlobal(g: Record<string, unknown>, m: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...g };
  delete out.action;
  for (const [k, v] of Object.entries(m)) {
    const gv = out[k];
    if (gv && v && typeof gv === 'object' && typeof v === 'object' && !Array.isArray(gv) && !Array.isArray(v)) {
      out[k] = { ...(gv as object), ...(v as object) };
    } else out[k] = v;
  }
  return out;
}
