/**
 * A TAXII 2.1 error (spec §3.6.1, "error message"): the HTTP status and a title, with a
 * description and details saying what was wrong and where. Every TAXII route answers with
 * `toResource()` under the TAXII media type.
 *
 * @example throw new TaxiiError(400, 'Bad filter', 'added_after must be an RFC 3339 timestamp', { parameter: 'added_after' })
 */
export class TaxiiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly details: Record<string, unknown> | undefined;
  constructor(status: number, title: string, description?: string, details?: Record<string, unknown>) {
    super(description ?? title);
    this.name = 'TaxiiError';
    this.status = status;
    this.title = title;
    this.details = details;
  }

  /** The error message resource: `http_status` is a string, as the spec defines it. */
  toResource(): TaxiiErrorResource {
    return {
      title: this.title,
      ...(this.message && this.message !== this.title ? { description: this.message } : {}),
      http_status: String(this.status),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** The TAXII 2.1 error message resource. */
export interface TaxiiErrorResource {
  title: string;
  description?: string;
  error_id?: string;
  error_code?: string;
  http_status: string;
  external_details?: string;
  details?: Record<string, unknown>;
}
