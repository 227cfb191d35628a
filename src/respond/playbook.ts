import { z } from 'zod';
import { parseDuration } from '../core/duration.js';
import { RESPOND_MODES } from '../core/config.js';

const duration = z.string().refine((v) => { try { parseDuration(v); return true; } catch { return false; } }, 'expected a duration like "90s", "15m", "24h"');
const severity = z.enum(['low', 'medium', 'high', 'critical']);
const entityType = z.enum(['user', 'host', 'ip', 'device', 'patient', 'account', 'email']);
/** Roles that may approve an action (`admin` always may). */
export const APPROVER_ROLES = ['biomed', 'analyst', 'admin'] as const;

/** What makes a playbook look at an alert; every given field must match (lists: any of). */
const trigger = z.strictObject({
  detectors: z.array(z.string().min(1)).min(1).optional(),
  /** Sigma rule ids and tags (`attack.t1110`, `attack.credential_access`). */
  sigma: z.strictObject({ ids: z.array(z.string().min(1)).optional(), tags: z.array(z.string().min(1)).optional() }).optional(),
  /** Lowest severity that triggers. */
  severity: severity.optional(),
  /** ATT&CK tactic ids or names (`TA0006`, `Credential Access`). */
  tactics: z.array(z.string().min(1)).min(1).optional(),
  /** The alert must name an entity of one of these types. */
  entityTypes: z.array(entityType).min(1).optional(),
  /** Lowest risk score (a `risk` factor of the explanation, 0–100). */
  risk: z.number().min(0).max(100).optional(),
}).refine((t) => Object.keys(t).length > 0, 'a trigger needs at least one of detectors, sigma, severity, tactics, entityTypes, risk');

/** A condition on the alert (dotted path, e.g. `severity`, `title`) or on the step's `target`. */
const condition = z.strictObject({
  field: z.string().min(1),
  op: z.enum(['equals', 'not-equals', 'in', 'not-in', 'matches', 'in-cidr', 'not-in-cidr']),
  value: z.union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))]),
});

const approval = z.strictObject({
  role: z.enum(APPROVER_ROLES).default('analyst'),
  /** How long it waits; then `onTimeout` applies. */
  timeout: duration.optional(),
  /** `reject`: never run; `approve` is not offered (silence is not consent). */
  onTimeout: z.enum(['reject']).default('reject'),
});

const stepBase = {
  /** A name for the step in the history (default: the action). */
  name: z.string().min(1).optional(),
  /** Needs a person's approval before it runs (critical targets need one anyway). */
  approval: approval.optional(),
  /** Undone automatically after this long (default: the playbook's `expiry`). */
  expiry: duration.optional(),
};

/** Ordered steps; each is one action on each target the alert names. */
const step = z.discriminatedUnion('action', [
  z.strictObject({
    ...stepBase,
    action: z.literal('block-ip'),
    /** Which of the alert's entities to block: `ip` entities. */
    target: z.literal('ip').default('ip'),
    /** Blocklist feed the address is published on (and the local nftables set). */
    list: z.string().regex(/^[\w-]+$/).default('default'),
  }),
  z.strictObject({
    ...stepBase,
    action: z.literal('disable-account'),
    /** Which of the alert's entities to disable: `user` (default) or `account` entities. */
    target: z.enum(['user', 'account']).default('user'),
  }),
  z.strictObject({
    ...stepBase,
    action: z.literal('reset-password'),
    /** Whose password must be changed at next sign-in: `user` (default) or `account` entities. */
    target: z.enum(['user', 'account']).default('user'),
  }),
  z.strictObject({
    ...stepBase,
    action: z.literal('quarantine-message'),
    /** Whose messages to move: the alert's `email` entities (a phishing alert's sender). */
    target: z.literal('email').default('email'),
  }),
  z.strictObject({
    ...stepBase,
    action: z.literal('notify'),
    /** Generic JSON webhook (Slack/Teams incoming webhooks accept its `text`). */
    url: z.url(),
    headers: z.record(z.string(), z.string()).default({}),
  }),
  z.strictObject({
    ...stepBase,
    action: z.literal('isolate-host'),
    /** Which of the alert's entities to isolate: `host` (default), `device` or `ip` entities. */
    target: z.enum(['host', 'device', 'ip']).default('host'),
    /** Blocklist feed the host's address is published on while it is isolated. */
    list: z.string().regex(/^[\w-]+$/).default('default'),
  }),
  z.strictObject({
    ...stepBase,
    action: z.literal('notify-email'),
    /** Recipients (via `respond.smtp`); the message carries the alert's explanation. */
    to: z.array(z.email()).min(1),
  }),
  z.strictObject({
    ...stepBase,
    action: z.literal('forward'),
    /** Another SIEM's syslog receiver; the alert goes as one ArcSight CEF line in an RFC 5424 message. */
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(514),
    /** `udp` (one datagram) or `tcp` (RFC 6587 octet counting). */
    protocol: z.enum(['udp', 'tcp']).default('udp'),
  }),
]);

/**
 * A response playbook as written in YAML.
 *
 * @example
 * name: block-bruteforce-source
 * trigger: { detectors: [auth.bruteforce, auth.spray] }
 * steps: [{ action: block-ip, expiry: 24h }]
 */
export const playbookSchema = z.strictObject({
  name: z.string().regex(/^[\w.-]+$/, 'letters, digits, ".", "_" and "-" only'),
  description: z.string().optional(),
  /** Lowers the global mode for this playbook (never raises it). */
  mode: z.enum(RESPOND_MODES).default('enforce'),
  trigger,
  conditions: z.array(condition).default([]),
  steps: z.array(step).min(1),
  /** Default expiry of the steps' actions. */
  expiry: duration.default('24h'),
});

/** A parsed playbook. */
export type PlaybookSpec = z.output<typeof playbookSchema>;
export type StepSpec = PlaybookSpec['steps'][number];
export type Condition = z.output<typeof condition>;

/** A loaded playbook: its spec, where it came from and its version (SHA-256 of the file, 12 hex). */
export interface Playbook extends PlaybookSpec {
  file: string;
  hash: string;
}
