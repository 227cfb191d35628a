import { z } from 'zod';
import { parseDuration } from './duration.js';
import { privacySettings } from './privacy-config.js';

/** A component entry in the YAML config: a registered `type` and its own fields. */
export const componentEntry = z.looseObject({ type: z.string(), name: z.string().optional() });

/** A duration like `90s`, `15m`, `1h` (checked when the config loads). */
const duration = z.string().refine((v) => { try { parseDuration(v); return true; } catch { return false; } }, 'expected a duration like "90s", "15m", "1h"');

const listen = z.string().regex(/^[^:]+:\d{1,5}$/, 'expected host:port, e.g. 127.0.0.1:5514');

/** Fields of a TLS server setting (see {@link tlsServerSettings}). */
const tlsFields = {
  /** PEM certificate (chain: the server certificate first, then intermediates). */
  cert: z.string().min(1).optional(),
  /** PEM private key of the certificate. */
  key: z.string().min(1).optional(),
  /** Use (and on first start create) a self-signed certificate in `<dataDir>/tls/`. */
  selfSigned: z.boolean().default(false),
  /** PEM CA bundle that client certificates must chain to (mutual TLS). */
  ca: z.string().min(1).optional(),
  /** `require`: refuse a client without a certificate signed by `ca` (mutual TLS). */
  clientCert: z.enum(['none', 'require']).default('none'),
};

/** A TLS setting is complete: a certificate and its key, or `selfSigned`; mutual TLS needs a CA. */
function checkTls(t: { cert?: string | undefined; key?: string | undefined; selfSigned: boolean; ca?: string | undefined; clientCert: string }, ctx: z.RefinementCtx): void {
  if (t.selfSigned && (t.cert || t.key)) ctx.addIssue({ code: 'custom', message: 'give either cert and key, or selfSigned: true, not both', path: ['selfSigned'] });
  if (!t.selfSigned && (!t.cert || !t.key)) ctx.addIssue({ code: 'custom', message: 'TLS needs cert and key (PEM file paths), or selfSigned: true', path: [t.cert ? 'key' : 'cert'] });
  if (t.clientCert === 'require' && !t.ca) ctx.addIssue({ code: 'custom', message: 'clientCert: require needs ca (the CA that signs client certificates)', path: ['ca'] });
}

/**
 * TLS for a listener (API, syslog, MLLP): PEM file paths, read at start (a new certificate is
 * picked up by a restart).
 *
 * @example
 * tlsServerSettings.parse({ cert: '/etc/wardwatch/tls/server.crt', key: '/etc/wardwatch/tls/server.key' })
 * tlsServerSettings.parse({ selfSigned: true })
 */
export const tlsServerSettings = z.strictObject(tlsFields).superRefine(checkTls);

/** Parsed TLS listener settings. */
export type TlsServerSettings = z.output<typeof tlsServerSettings>;

/**
 * A TLS listen address with its settings (e.g. syslog over TLS, RFC 5425, port 6514).
 *
 * @example
 * tlsListener.parse({ listen: '0.0.0.0:6514', cert: 'server.crt', key: 'server.key' })
 */
export const tlsListener = z.strictObject({ listen, ...tlsFields }).superRefine(checkTls);

/** How far automatic response may go: act, only record what it would do, or nothing. */
export const RESPOND_MODES = ['off', 'dry-run', 'enforce'] as const;
/** How much harm acting on a target could do to a patient (configured assets; the device inventory later). */
export const CRITICALITIES = ['life-sustaining', 'diagnostic', 'operational', 'none'] as const;

/**
 * Automatic response (`src/respond`): playbooks folder, mode, and the safety policy every action passes.
 *
 * @example
 * respond:
 *   mode: enforce
 *   playbooks: ./config/playbooks
 *   assets: [{ match: 10.20.0.0/16, criticality: life-sustaining }]
 *   allow: { addresses: [10.0.0.1], accounts: [oncall-surgeon] }
 */
export const respondSettings = z.strictObject({
  mode: z.enum(RESPOND_MODES).default('dry-run'),
  /** Folder of playbook YAML files; none configured = no playbooks. */
  playbooks: z.string().min(1).optional(),
  /** Global kill switch: nothing is executed while on (also settable from the API and CLI). */
  killSwitch: z.boolean().default(false),
  /** Targets' criticality: an address, CIDR or host name each. */
  assets: z.array(z.strictObject({ match: z.string().min(1), criticality: z.enum(CRITICALITIES), name: z.string().optional() })).default([]),
  /** Never acted on, whatever a playbook says. */
  allow: z.strictObject({ addresses: z.array(z.string().min(1)).default([]), accounts: z.array(z.string().min(1)).default([]) }).prefault({}),
  limits: z.strictObject({
    /** Most executions per action type per hour (e.g. `{ block-ip: 100 }`). */
    perActionPerHour: z.record(z.string(), z.number().int().min(0)).default({}),
    /** Blast-radius cap: distinct targets acted on per hour, over all actions. */
    maxTargetsPerHour: z.number().int().min(0).default(50),
  }).prefault({}),
  /**
   * nftables blocking (`block-ip`): on this host, or on a Linux `gateway` over SSH; `netns` runs nft
   * inside a named network namespace (of the gateway, when one is given).
   */
  nft: z.strictObject({
    table: z.string().regex(/^\w+$/).default('wardwatch'),
    netns: z.string().regex(/^[\w.-]+$/).optional(),
    gateway: z.strictObject({
      host: z.string().regex(/^[\w.:-]+$/, 'a host name or address'),
      port: z.number().int().min(1).max(65535).default(22),
      user: z.string().regex(/^[\w.-]+$/).default('root'),
      /** Private key file (mode 0600), used with `ssh -i`; its contents are never read or logged. */
      keyFile: z.string().min(1),
      /** known_hosts file with the gateway's host key (pinned: StrictHostKeyChecking=yes). */
      knownHostsFile: z.string().min(1),
      connectTimeout: duration.default('5s'),
    }).optional(),
  }).prefault({}),
  /** Blocklist feeds for firewalls: list name → SHA-256 (hex) of its pull token. */
  feeds: z.record(z.string().regex(/^[\w-]+$/), z.strictObject({ tokenSha256: z.string().regex(/^[0-9a-f]{64}$/) })).default({}),
  /** Retries of a failed action, with exponential back-off from `retryBase`. */
  retries: z.number().int().min(0).max(20).default(5),
  retryBase: duration.default('2s'),
  /** Default time an approval waits before its `onTimeout` applies. */
  approvalTimeout: duration.default('1h'),
  /** Who hears that an action waits for approval: JSON webhooks (Slack/Teams/pager), per approver role. */
  approvers: z.array(z.strictObject({
    url: z.url(),
    /** Only actions waiting for these roles (default: all). */
    roles: z.array(z.enum(['biomed', 'analyst', 'admin'])).min(1).optional(),
    headers: z.record(z.string(), z.string()).default({}),
  })).default([]),
  /** The console's address, for links in approver notifications (e.g. `https://wardwatch.stmarys.example`). */
  consoleUrl: z.url().optional(),
  /** The directory `disable-account` and `reset-password` act on (OpenLDAP or Active Directory, via ldapts). */
  ldap: z.strictObject({
    /** `ldap://host:389` or `ldaps://host:636`. */
    url: z.string().regex(/^ldaps?:\/\/[^/\s]+\/?$/, 'expected ldap://host[:port] or ldaps://host[:port]'),
    startTls: z.boolean().default(false),
    /** Verify the server's certificate (ldaps:// and StartTLS); a CA file for a private CA. */
    caFile: z.string().min(1).optional(),
    bindDN: z.string().min(1),
    /** The bind password: a file (mode 0600) or an environment variable's name; never in the config. */
    bindPasswordFile: z.string().min(1).optional(),
    bindPasswordEnv: z.string().regex(/^\w+$/).optional(),
    baseDN: z.string().min(1),
    /** How an account name becomes an entry; `{user}` is replaced, escaped (AD: `(sAMAccountName={user})`). */
    userFilter: z.string().includes('{user}').default('(uid={user})'),
    /**
     * How an account is disabled: `ad` sets the ACCOUNTDISABLE bit (2) of `userAccountControl`;
     * `ppolicy` sets OpenLDAP's `pwdAccountLockedTime` to `000001010000Z` (locked until an administrator
     * unlocks it); `attribute` sets `attribute` to `value` (e.g. 389 DS `nsAccountLock: TRUE`).
     */
    method: z.enum(['ad', 'ppolicy', 'attribute']).default('ppolicy'),
    attribute: z.string().regex(/^[A-Za-z][\w-]*$/).optional(),
    value: z.string().min(1).optional(),
    timeout: duration.default('10s'),
  }).refine((l) => l.method !== 'attribute' || (l.attribute && l.value), 'method "attribute" needs attribute and value')
    .refine((l) => !(l.bindPasswordFile && l.bindPasswordEnv), 'give bindPasswordFile or bindPasswordEnv, not both')
    .optional(),
  /** The mail store `quarantine-message` acts on (IMAP with MOVE and UIDPLUS, e.g. Dovecot, Exchange, Cyrus). */
  imap: z.strictObject({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(993),
    /** Implicit TLS (993); false = plain, upgraded with STARTTLS when the server offers it. */
    secure: z.boolean().default(true),
    /** A CA file for a private CA; certificates are always verified. */
    caFile: z.string().min(1).optional(),
    /** An account that can open the mailboxes (Dovecot master user `user*master`, Exchange delegate). */
    user: z.string().min(1),
    passwordFile: z.string().min(1).optional(),
    passwordEnv: z.string().regex(/^\w+$/).optional(),
    /** Where phishing is looked for, and where it is moved (created when absent). */
    mailboxes: z.array(z.string().min(1)).min(1).default(['INBOX']),
    quarantine: z.string().min(1).default('Quarantine'),
    /** How far before the alert's first sighting messages from the sender are taken. */
    lookback: duration.default('1d'),
    timeout: duration.default('15s'),
  }).refine((m) => !(m.passwordFile && m.passwordEnv), 'give passwordFile or passwordEnv, not both').optional(),
  /**
   * The NAC/EDR `isolate-host` calls: `POST isolateUrl` / `POST releaseUrl` with `{ host, address, … }`
   * (PacketFence, Cisco ISE/ClearPass via a relay, EDR containment APIs); `statusUrl` (GET `?host=`,
   * answering `{ "isolated": true|false }`) lets verify ask the NAC itself.
   */
  nac: z.strictObject({
    isolateUrl: z.url(),
    releaseUrl: z.url(),
    statusUrl: z.url().optional(),
    /** The header that carries the shared secret (e.g. `authorization` with a `Bearer …` secret). */
    secretHeader: z.string().regex(/^[A-Za-z0-9-]+$/).default('x-wardwatch-secret'),
    /** The secret: a file (mode 0600) or an environment variable's name; never in the config, never logged. */
    secretFile: z.string().min(1).optional(),
    secretEnv: z.string().regex(/^\w+$/).optional(),
    timeout: duration.default('10s'),
  }).refine((n) => !(n.secretFile && n.secretEnv), 'give secretFile or secretEnv, not both').optional(),
  /** The mail relay `notify-email` sends through (RFC 5321; STARTTLS when offered, verified). */
  smtp: z.strictObject({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(587),
    /** Implicit TLS (465); false = plain, upgraded with STARTTLS when the server offers it. */
    secure: z.boolean().default(false),
    /** Refuse to send unless STARTTLS succeeds (an alert's explanation may name staff and hosts). */
    requireTls: z.boolean().default(false),
    caFile: z.string().min(1).optional(),
    from: z.string().min(3),
    user: z.string().min(1).optional(),
    passwordFile: z.string().min(1).optional(),
    passwordEnv: z.string().regex(/^\w+$/).optional(),
    timeout: duration.default('15s'),
  }).refine((m) => !(m.passwordFile && m.passwordEnv), 'give passwordFile or passwordEnv, not both').optional(),
});

/** Parsed `respond` settings. */
export type RespondSettings = z.output<typeof respondSettings>;

/**
 * The top-level Wardwatch configuration (YAML). Component entries (`sources`, `detectors`)
 * are validated against their registered schemas by the pipeline's config loader.
 *
 * @example
 * api: { host: 127.0.0.1, port: 8080 }
 * detectors:
 *   - type: auth.bruteforce
 *     window: 5m
 *     threshold: 10
 */
/**
 * Sharing incidents out as STIX (src/intel/share, docs/intel.md): what is internal to the
 * organisation (never shared), and where an approved draft may go.
 *
 * @example
 * intelShareSettings.parse({ orgDomains: ['stmarys.example'], amberCollections: ['isac-amber'] })
 */
export const intelShareSettings = z.strictObject({
  /** The organisation's own domains: addresses and hosts under them never leave. */
  orgDomains: z.array(z.string().min(1)).default([]),
  /** Internal networks besides RFC 1918, loopback, link-local, CGNAT and ULA (CIDR). */
  internalNetworks: z.array(z.string().min(1)).default([]),
  /** Host-name suffixes that are internal (default: local, lan, internal, intranet, corp, home.arpa, …). */
  internalSuffixes: z.array(z.string().min(1)).optional(),
  /** Identifier systems of patient identifiers besides urn:wardwatch:mrn / fhir-id (the parsers' identifier mappings are added). */
  patientIdSystems: z.array(z.string().min(1)).default([]),
  /** The producer named in shared objects (default: an anonymous healthcare organisation). */
  producer: z.string().min(1).max(200).optional(),
  /** Local TAXII collections that may receive TLP:AMBER and AMBER+STRICT drafts (CLEAR and GREEN go to any). */
  amberCollections: z.array(z.string().min(1)).default([]),
  /** Peers' TAXII 2.1 collections an approved draft may be pushed to, by name. */
  remotes: z.record(z.string().regex(/^[\w.-]{1,64}$/), z.strictObject({
    apiRoot: z.url(),
    collection: z.string().min(1),
    user: z.string().min(1).optional(),
    /** Environment variable holding the password or bearer token (never in the file). */
    secretEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/).optional(),
    /** Most restrictive TLP this peer may receive. */
    maxTlp: z.enum(['clear', 'green', 'amber', 'amber+strict']).default('green'),
  })).default({}),
  /** Days a shared indicator stays valid after its last sighting. */
  validDays: z.number().int().min(1).max(365).default(30),
});

export const configSchema = z.strictObject({
  dataDir: z.string().default('./data'),
  api: z
    .strictObject({
      enabled: z.boolean().default(true),
      host: z.string().default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8080),
      /** Largest accepted ingest body; larger ones get 413. */
      bodyLimitBytes: z.number().int().positive().default(16 * 1024 * 1024),
      /**
       * Behind a TLS-terminating reverse proxy: which proxies to believe for `X-Forwarded-For/-Proto/-Host`
       * (Fastify's `trustProxy`: `true` = any, or the proxies' addresses/CIDRs, e.g. `127.0.0.1` or
       * `[10.0.0.0/8]`; Fastify's hop count is not offered, it trusts nothing). Decides the client IP
       * (sign-in limits, audit) and whether the request was HTTPS (`Secure` cookies, HSTS). Off by default.
       */
      trustProxy: z.union([z.boolean(), z.string().min(1), z.array(z.string().min(1)).min(1)]).default(false),
      /** Sign-in limits: failures per account lock it for a while; failures per client address throttle it. */
      login: z
        .strictObject({
          maxFailuresPerAccount: z.number().int().min(1).default(5),
          accountWindow: duration.default('15m'),
          lockout: duration.default('15m'),
          maxFailuresPerIp: z.number().int().min(1).default(30),
          ipWindow: duration.default('15m'),
        })
        .prefault({}),
      /** Serve the API and console over HTTPS. */
      tls: tlsServerSettings.optional(),
    })
    .prefault({}),
  store: z
    .strictObject({
      type: z.literal('sqlite').default('sqlite'),
      /** Events older than this are deleted (alerts are kept). */
      retentionDays: z.number().positive().default(30),
      /** `full` fsyncs every commit (survives power loss); `normal` survives a process crash. */
      synchronous: z.enum(['full', 'normal']).default('full'),
      /** Commit events on a dedicated thread (parsing and writing then overlap). */
      writerThread: z.boolean().default(true),
      /** How long an ingest batch's idempotency key is remembered (a resend within it is not stored twice). */
      ingestKeyTtl: duration.default('24h'),
    })
    .prefault({}),
  pipeline: z
    .strictObject({
      /** Detector shard workers; 0 runs detectors on the main thread; `auto` = one per core. */
      workers: z.union([z.literal('auto'), z.number().int().min(0).max(64)]).default('auto'),
      /** Events buffered between the store and the detectors before back-pressure (429 / pause). */
      queueEvents: z.number().int().positive().default(50_000),
      /** Records per batch when reading files. */
      batchEvents: z.number().int().positive().default(5_000),
      /**
       * Deepest nesting accepted in a record (JSON objects/arrays, and any parsed event); deeper
       * records are dead-lettered as `parse.too_deep` before anything recursive touches them.
       */
      maxJsonDepth: z.number().int().min(8).max(1000).default(64),
      /** How often detector state is checkpointed. */
      checkpointEvery: z.string().default('30s'),
    })
    .prefault({}),
  sources: z.array(componentEntry).default([]),
  parsers: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  enrichers: z.array(componentEntry).default([]),
  detectors: z.array(componentEntry).default([]),
  sinks: z.array(componentEntry).default([]),
  respond: respondSettings.prefault({}),
  intel: z.strictObject({ share: intelShareSettings.prefault({}) }).prefault({}),
  /** Retention per data class, FHIR AuditEvent output of Wardwatch's own PHI views, breach settings (docs/compliance-breach.md). */
  privacy: privacySettings.prefault({}),
});

export type WardConfig = z.infer<typeof configSchema>;
export type ComponentEntry = z.infer<typeof componentEntry>;
export { listen as listenAddress };
