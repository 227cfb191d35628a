import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ContextLookup, ExplanationTemplate } from '../core/context.js';
import { assessAccess, assessConfigOf } from '../detect/ehr-access/index.js';
import { TemplateExplainer } from '../ml/explanations/explainer.js';
import { parsers } from '../pipeline/builtins.js';
import type { Runtime } from '../pipeline/runtime.js';
import type { Dataset } from './dataset.js';

/** How many legitimate EHR accesses a treatment relationship (or a site's role rule) explains. */
export interface EhrCoverage {
  /** Accesses in the dataset's EHR access streams that no incident label marks malicious. */
  legitimate: number;
  explained: number;
  /** `explained / legitimate`. */
  rate: number;
  /** Explained by kind: the user's own relationship, their department's, or a role rule. */
  by: { practitioner: number; department: number; role: number; template: number };
  /** Legitimate accesses explained per mined template (`#id group key`), when the detector has templates. */
  byTemplate?: Record<string, number>;
  /** Unexplained legitimate accesses by the user's role (what is left to explain). */
  unexplainedByRole: Record<string, number>;
}

/** 1-based malicious line numbers per dataset file, from the labels. */
function maliciousLines(ds: Dataset): Map<string, Set<number>> {
  const out = new Map<string, Set<number>>();
  for (const l of ds.labels) {
    for (const r of l.malicious.lines) {
      let set = out.get(r.file);
      if (!set) out.set(r.file, (set = new Set()));
      for (let i = r.from; i <= r.to; i++) set.add(i);
    }
  }
  return out;
}

/**
 * Score every legitimate access of the dataset's EHR streams (EHR CSV and FHIR AuditEvent) the way
 * `ehr.access` does — against the context the replay built (roster, patient index, relationships
 * from HL7) — and count how many are explained. Run after the replay: relationships announced later
 * than an access (an order placed minutes after the chart was opened) count, within the detector's
 * `beforeCare` grace, as they would for the streaming detector.
 *
 * @example
 * const c = ehrCoverage(rt, ds, rt.context); c.rate // 0.97
 */
export function ehrCoverage(rt: Runtime, ds: Dataset, context: ContextLookup, stored: ExplanationTemplate[] = []): EhrCoverage {
  const spec = rt.loaded.detectors.find((d) => d.type === 'ehr.access');
  const cfg = assessConfigOf(spec?.config ?? {});
  const configured = ((spec?.config as { templates?: ExplanationTemplate[] } | undefined)?.templates ?? []);
  const templates = [...stored, ...configured];
  // Mined templates explain as the detector's do, repeat access included (files are read in time order, day by day).
  const explainer = templates.length ? new TemplateExplainer(templates) : undefined;
  const bad = maliciousLines(ds);
  const out: EhrCoverage = { legitimate: 0, explained: 0, rate: 0, by: { practitioner: 0, department: 0, role: 0, template: 0 }, unexplainedByRole: {}, ...(explainer ? { byTemplate: {} } : {}) };
  for (const f of ds.manifest.files) {
    if ((f.stream !== 'ehr' && f.stream !== 'fhir') || !parsers.has(f.parser)) continue;
    const def = parsers.get(f.parser);
    const parser = def.build(rt.loaded.parserConfig[f.parser] ?? def.config.parse({}), { dataDir: rt.dataDir });
    const skip = bad.get(f.path);
    const path = join(ds.dir, f.path);
    let line = 0;
    for (const data of readFileSync(path, 'utf8').split('\n')) {
      line++;
      if (data.length === 0 || skip?.has(line)) continue;
      let events;
      try {
        events = parser.parse({ data, source: `file:${path}`, offset: line, receivedAt: 0 });
      } catch {
        continue; // headers and dead letters are not accesses
      }
      for (const e of events) {
        if (!e.ehr?.patient?.id || !(e.user?.name ?? e.user?.id)) continue;
        if (e.ehr.role === 'patient') continue; // patients reading their own record in the portal
        out.legitimate++;
        const a = assessAccess(e as Parameters<typeof assessAccess>[0], context, cfg, explainer);
        if (a.explainedBy) {
          out.explained++;
          if (a.template) {
            out.by.template++;
            const k = `#${a.template.id} ${a.template.group} ${a.template.key}`;
            out.byTemplate![k] = (out.byTemplate![k] ?? 0) + 1;
          } else if (a.explainedBy.startsWith('role ')) out.by.role++;
          else if (a.explainedBy.includes(' in ')) out.by.department++;
          else out.by.practitioner++;
        } else {
          const role = a.staff?.role ?? e.ehr.role ?? 'unknown';
          out.unexplainedByRole[role] = (out.unexplainedByRole[role] ?? 0) + 1;
        }
      }
    }
  }
  out.rate = out.legitimate ? Number((out.explained / out.legitimate).toFixed(4)) : 0;
  return out;
}
