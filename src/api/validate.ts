import { z } from 'zod';
import { WardError } from '../core/errors.js';

/**
 * Validate a request part with zod, failing with a 400 that names the bad parameter.
 *
 * @example
 * const q = validate(eventsQuery, req.query, 'query');
 */
export function validate<T>(schema: z.ZodType<T>, value: unknown, where: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const path = issue.path.length ? `${where}.${issue.path.join('.')}` : where;
  throw new WardError('request.invalid', issue.message, path);
}

/** JSON Schema for the OpenAPI document (zod 4 converts natively). */
export function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const s = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  delete s.$schema;
  return s;
}

export const isoTime = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'expected an ISO 8601 time');
