/**
 * Guess `ehr.action` from an export's free-form action text by its words (configured mappings
 * win; see `config.ts`).
 *
 * @example
 * guessAction('Chart Viewed') // 'view'
 * guessAction('Report printed') // 'print'
 */
export function guessAction(text: string): string | undefined {
  const t = text.toLowerCase();
  if (/print/.test(t)) return 'print';
  if (/export|download|disclos|copy|fax/.test(t)) return 'export';
  if (/delet|remov|void/.test(t)) return 'delete';
  if (/creat|add|new|insert|enter/.test(t)) return 'create';
  if (/updat|edit|modif|chang|amend|sign/.test(t)) return 'update';
  if (/search|query|look ?up|find|list/.test(t)) return 'query';
  if (/view|read|open|access|display|select|chart/.test(t)) return 'view';
  return undefined;
}

/** ECS `event.type` for an `ehr.action`. */
export const EVENT_TYPE: Readonly<Record<string, string>> = {
  view: 'access', query: 'access', print: 'access', export: 'access', create: 'creation', update: 'change', delete: 'deletion',
};
