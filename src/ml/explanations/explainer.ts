import type { ExplanationTemplate, Relationship } from '../../core/context.js';
import { groupsOf, matchSpec, type Access } from './templates.js';

/** How an access was explained: the template and, for a path through a relationship, the relationship. */
export interface Explanation {
  template: ExplanationTemplate;
  via?: Relationship;
}

/**
 * Applies stored templates to accesses: the templates of the user's role and department (those of
 * `*` only when neither has any; retired ones never), most precise first; and remembers which (user, patient) pairs were
 * explained, for the `repeat` path (reopening a chart already explained is explained). The memory
 * is bounded per user (oldest patient forgotten first).
 *
 * @example
 * const x = new TemplateExplainer(templates); x.explain(access, ctx.relationships(access.patient))?.template.id
 */
export class TemplateExplainer {
  private readonly byGroup = new Map<string, ExplanationTemplate[]>();
  private readonly seen = new Map<string, Map<string, number>>();

  constructor(templates: ExplanationTemplate[], private readonly maxPerUser = 2000) {
    this.setTemplates(templates);
  }

  /** Replace the templates (after a re-mining or a decision); the repeat memory stays. */
  setTemplates(templates: ExplanationTemplate[]): void {
    this.byGroup.clear();
    for (const t of templates) {
      if (t.status === 'retired') continue;
      const list = this.byGroup.get(t.group) ?? [];
      list.push(t);
      this.byGroup.set(t.group, list);
    }
    for (const list of this.byGroup.values()) list.sort((a, b) => b.precision - a.precision || b.coverage - a.coverage);
  }

  /** Templates in use (not retired). */
  get size(): number {
    let n = 0;
    for (const l of this.byGroup.values()) n += l.length;
    return n;
  }

  /** The first template that explains the access, and remember an explained pair. */
  explain(a: Access, rels: Relationship[]): Explanation | undefined {
    const x = this.find(a, rels);
    if (x) this.remember(a.user, a.patient, a.t);
    return x;
  }

  /** Like `explain` without remembering (scoring a hypothetical access). */
  find(a: Access, rels: Relationship[]): Explanation | undefined {
    // The organisation-wide (`*`) templates stand in only for users whose role and department have
    // none of their own, so retiring a role's template is not undone by a broader one.
    const groups = groupsOf(a);
    const own = groups.filter((g) => g !== '*' && this.byGroup.has(g));
    for (const g of own.length ? own : groups) {
      for (const t of this.byGroup.get(g) ?? []) {
        if (t.path === 'repeat') {
          const last = this.seen.get(a.user.toLowerCase())?.get(a.patient);
          if (last !== undefined && a.t - last <= t.afterMs && a.t >= last) return { template: t };
          continue;
        }
        const via = matchSpec(t, a, rels);
        if (via) return { template: t, via };
      }
    }
    return undefined;
  }

  /** Record that the user's access to the patient at `t` was explained (by a template or otherwise). */
  remember(user: string, patient: string, t: number): void {
    const u = user.toLowerCase();
    let m = this.seen.get(u);
    if (!m) this.seen.set(u, (m = new Map()));
    m.delete(patient);
    m.set(patient, t);
    if (m.size > this.maxPerUser) m.delete(m.keys().next().value!);
  }

  /** The repeat memory, for detector state (per user: patient → last explained time). */
  memoryOf(user: string): Array<[string, number]> {
    return [...(this.seen.get(user.toLowerCase()) ?? [])];
  }

  restoreMemory(user: string, pairs: Array<[string, number]>): void {
    for (const [p, t] of pairs) this.remember(user, p, t);
  }
}

/**
 * An explanation in words, naming its template: "billing staff open charts of patients discharged
 * in the last 30 days — template #7, 99.1 % precision".
 */
export function explanationText(x: Explanation): string {
  const t = x.template;
  const via = x.via ? ` (${x.via.kind} ${x.via.source})` : '';
  return `${t.text}${via} — template #${t.id}, ${(t.precision * 100).toFixed(1)} % precision${t.status === 'proposed' ? ', proposed' : ''}`;
}
