import { appendFileSync, chmodSync, existsSync, readFileSync } from 'node:fs';
import type { PrivacySettings } from '../../core/privacy-config.js';
import { toAuditEvent, type FhirAuditEvent, type PhiView } from './audit-event.js';

/** How a sink fared: written, posted, failed posts (the reason, never the resource). */
export interface FhirAuditStats {
  written: number;
  posted: number;
  failed: number;
  lastError?: string;
}

/**
 * Sends Wardwatch's own views of PHI out as FHIR R4 AuditEvents: appended as NDJSON to a file
 * (created 0600) and/or POSTed to `<url>/AuditEvent` (`application/fhir+json`, bearer token from
 * a file). Posting is asynchronous and never delays the request being audited; a failed POST is
 * counted and logged by status only (the resource stays in the file when one is configured).
 *
 * @example
 * const s = new FhirAuditSink({ file: '/var/lib/wardwatch/phi-views.ndjson', observer: 'wardwatch' });
 * s.emit({ time: new Date().toISOString(), actor: 'user:dpo', interaction: 'read', patients: ['pt_abc'] });
 */
export class FhirAuditSink {
  readonly stats: FhirAuditStats = { written: 0, posted: 0, failed: 0 };
  private readonly inflight = new Set<Promise<void>>();
  private readonly token: string | undefined;

  constructor(private readonly cfg: PrivacySettings['fhirAudit'], private readonly log: (msg: string) => void = () => {}) {
    this.token = cfg.tokenFile ? readFileSync(cfg.tokenFile, 'utf8').trim() : undefined;
  }

  /** Whether anything is configured to receive events. */
  get enabled(): boolean {
    return this.cfg.file !== undefined || this.cfg.url !== undefined;
  }

  /** Record one view; returns the AuditEvent sent. */
  emit(v: PhiView): FhirAuditEvent {
    const r = toAuditEvent(v, this.cfg.observer);
    if (this.cfg.file) {
      const fresh = !existsSync(this.cfg.file);
      appendFileSync(this.cfg.file, `${JSON.stringify(r)}\n`, { mode: 0o600 });
      if (fresh) chmodSync(this.cfg.file, 0o600);
      this.stats.written++;
    }
    if (this.cfg.url) {
      const p = this.post(r).finally(() => this.inflight.delete(p));
      this.inflight.add(p);
    }
    return r;
  }

  private async post(r: FhirAuditEvent): Promise<void> {
    const url = `${this.cfg.url!.replace(/\/+$/, '')}/AuditEvent`;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
        body: JSON.stringify(r),
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      this.stats.posted++;
    } catch (err) {
      this.stats.failed++;
      this.stats.lastError = (err as Error).message;
      this.log(`fhir-audit: POST to ${url} failed: ${(err as Error).message}`);
    }
  }

  /** Wait for the POSTs under way (at shutdown, and in tests). */
  async flush(): Promise<void> {
    await Promise.all([...this.inflight]);
  }
}
