/**
 * Schema migrations, applied in order; `PRAGMA user_version` records how many ran.
 * Never edit a shipped migration: append a new one.
 */
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    ts INTEGER NOT NULL,
    category TEXT,
    action TEXT,
    outcome TEXT,
    user_name TEXT,
    host_name TEXT,
    source_ip TEXT,
    destination_ip TEXT,
    message TEXT,
    doc TEXT NOT NULL,
    raw TEXT
  );
  CREATE INDEX events_ts ON events(ts);
  CREATE INDEX events_id ON events(id);

  -- Entity → events, keyed by a 53-bit hash of the entity value (user, host, source or
  -- destination IP): integer keys in one compact table cost less per insert than an index per
  -- text column, and cover every entity field. Matches are re-checked on the row (collisions).
  CREATE TABLE event_entities (
    ent INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    PRIMARY KEY (ent, seq)
  ) WITHOUT ROWID;

  CREATE TABLE alerts (
    id TEXT PRIMARY KEY,
    ts INTEGER NOT NULL,
    created INTEGER NOT NULL,
    severity INTEGER NOT NULL,
    detector TEXT NOT NULL,
    status TEXT NOT NULL,
    title TEXT NOT NULL,
    doc TEXT NOT NULL
  );
  CREATE INDEX alerts_ts ON alerts(ts);
  CREATE TABLE alert_entities (
    alert_id TEXT NOT NULL,
    type TEXT NOT NULL,
    entity_id TEXT NOT NULL
  );
  CREATE INDEX alert_entities_entity ON alert_entities(entity_id);
  CREATE INDEX alert_entities_alert ON alert_entities(alert_id);

  CREATE TABLE dead_letters (
    id INTEGER PRIMARY KEY,
    received INTEGER NOT NULL,
    source TEXT NOT NULL,
    offset INTEGER,
    parser TEXT NOT NULL,
    reason TEXT NOT NULL,
    data BLOB NOT NULL
  );

  CREATE TABLE detector_state (
    detector TEXT NOT NULL,
    key TEXT NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (detector, key)
  ) WITHOUT ROWID;

  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;

  CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    time TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    detail TEXT
  );

  CREATE TABLE entities (
    type TEXT NOT NULL,
    id TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL,
    PRIMARY KEY (type, id)
  ) WITHOUT ROWID;
  `,
  // 2: the console — local users, sessions, alert triage, rule switches; indexes for the alert queue.
  `
  CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0
  );

  -- Only a SHA-256 digest of the session id is kept, so a copy of the database cannot sign in.
  CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL,
    csrf TEXT NOT NULL,
    created INTEGER NOT NULL,
    expires INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX sessions_user ON sessions(user_id);

  CREATE TABLE triage (
    alert_id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    assignee TEXT,
    verdict TEXT,
    note TEXT,
    updated TEXT NOT NULL,
    updated_by TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX triage_status ON triage(status);

  CREATE TABLE rule_settings (
    name TEXT PRIMARY KEY,
    enabled INTEGER NOT NULL,
    updated TEXT NOT NULL,
    updated_by TEXT NOT NULL
  ) WITHOUT ROWID;

  CREATE INDEX alerts_severity_ts ON alerts(severity, ts);
  CREATE INDEX alerts_status_severity ON alerts(status, severity);
  CREATE INDEX alerts_detector_ts ON alerts(detector, ts);
  CREATE INDEX alert_entities_type ON alert_entities(type, entity_id);
  `,
  // 3: idempotency keys of ingest batches, written in the transaction of the batch's events, so a
  // client that resends a batch whose answer a crash cut off gets the first answer, not a copy.
  `
  CREATE TABLE ingest_keys (
    key TEXT PRIMARY KEY,
    created INTEGER NOT NULL,
    fingerprint TEXT NOT NULL,
    answer TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX ingest_keys_created ON ingest_keys(created);
  `,
  // 4: automatic response: every action with its state,
  // the playbook version and alert behind it; the kill switch and other response settings.
  `
  CREATE TABLE respond_actions (
    id TEXT PRIMARY KEY,
    created INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    playbook TEXT NOT NULL,
    playbook_hash TEXT NOT NULL,
    step INTEGER NOT NULL,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    params TEXT NOT NULL,
    alert_id TEXT,
    state TEXT NOT NULL,
    reason TEXT,
    approver_role TEXT,
    approval_deadline INTEGER,
    expiry_ms INTEGER NOT NULL,
    expires_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_try INTEGER,
    decided_by TEXT
  ) WITHOUT ROWID;
  CREATE INDEX respond_actions_state ON respond_actions(state);
  CREATE INDEX respond_actions_target ON respond_actions(action, target);
  CREATE TABLE respond_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  `,
  // 5: incidents are computed from alerts; what analysts decide about them (state, owner,
  // verdict, notes) is kept here, keyed by the incident's id (a hash of its first alert).
  `
  CREATE TABLE incident_state (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    owner TEXT,
    verdict TEXT,
    notes TEXT NOT NULL DEFAULT '[]',
    updated INTEGER NOT NULL,
    updated_by TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // 6: suppressions — scoped, expiring exceptions made from analysts' verdicts.
  `
  CREATE TABLE suppressions (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    created INTEGER NOT NULL,
    expires INTEGER NOT NULL,
    removed INTEGER
  ) WITHOUT ROWID;
  CREATE INDEX suppressions_expires ON suppressions(expires);
  `,
  // intel share: STIX drafts made from incidents (PHI and internal identifiers stripped), waiting
  // for a second person's approval before they are published (src/intel/share).
  `
  CREATE TABLE intel_share_drafts (
    id TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL,
    state TEXT NOT NULL,
    tlp TEXT NOT NULL,
    targets TEXT NOT NULL,
    bundle TEXT NOT NULL,
    removed TEXT NOT NULL,
    counts TEXT NOT NULL,
    note TEXT,
    proposed_by TEXT NOT NULL,
    proposed INTEGER NOT NULL,
    decided_by TEXT,
    decided INTEGER,
    reason TEXT,
    result TEXT
  ) WITHOUT ROWID;
  CREATE INDEX intel_share_drafts_state ON intel_share_drafts(state, proposed);
  `,
  // device inventory (src/devices): one row per device seen (record as JSON, with the classified
  // type and criticality the respond gate reads), its current addresses, and people's overrides.
  `
  CREATE TABLE device_inventory (
    id TEXT PRIMARY KEY,
    doc TEXT NOT NULL,
    type TEXT NOT NULL,
    criticality TEXT NOT NULL,
    last_seen TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE TABLE device_address (addr TEXT PRIMARY KEY, id TEXT NOT NULL) WITHOUT ROWID;
  CREATE INDEX device_address_id ON device_address(id);
  CREATE TABLE device_override (
    id TEXT PRIMARY KEY,
    type TEXT,
    criticality TEXT,
    updated INTEGER NOT NULL,
    updated_by TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // breach: HIPAA breach cases opened from incidents (src/compliance/breach) — pseudonyms only.
  `
  CREATE TABLE breach_cases (
    id TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL,
    state TEXT NOT NULL,
    opened INTEGER NOT NULL,
    doc TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX breach_cases_incident ON breach_cases(incident_id);
  `,
  // compliance evidence (issue 21): attestations for controls only a person can vouch for (owner,
  // evidence file, review date), and a status snapshot per control each time a report is made.
  `
  CREATE TABLE compliance_attestations (
    id INTEGER PRIMARY KEY,
    control_id TEXT NOT NULL,
    owner TEXT NOT NULL,
    statement TEXT NOT NULL,
    evidence_file TEXT NOT NULL,
    evidence_sha256 TEXT,
    attested_at INTEGER NOT NULL,
    review_by INTEGER NOT NULL,
    created INTEGER NOT NULL,
    created_by TEXT NOT NULL,
    updated INTEGER NOT NULL,
    updated_by TEXT NOT NULL
  );
  CREATE INDEX compliance_attestations_control ON compliance_attestations(control_id, attested_at);
  CREATE TABLE compliance_snapshots (
    id INTEGER PRIMARY KEY,
    taken INTEGER NOT NULL,
    period_from INTEGER NOT NULL,
    period_to INTEGER NOT NULL,
    control_id TEXT NOT NULL,
    status TEXT NOT NULL,
    summary TEXT
  );
  CREATE INDEX compliance_snapshots_control ON compliance_snapshots(control_id, taken);
  `,
  // ehr_templates: explanation templates mined from the EHR access log (src/ml/explanations), one row
  // per (group, key); a re-mining bumps `version` and updates the scores, the privacy officer's
  // decision (status, approved_by) stays. ehr_template_history keeps every version.
  `
  CREATE TABLE ehr_templates (
    id INTEGER PRIMARY KEY,
    grp TEXT NOT NULL,
    key TEXT NOT NULL,
    doc TEXT NOT NULL,
    status TEXT NOT NULL,
    approved_by TEXT,
    version INTEGER NOT NULL,
    updated INTEGER NOT NULL,
    UNIQUE (grp, key)
  );
  CREATE TABLE ehr_template_history (
    id INTEGER NOT NULL,
    version INTEGER NOT NULL,
    doc TEXT NOT NULL,
    status TEXT NOT NULL,
    changed INTEGER NOT NULL,
    changed_by TEXT,
    PRIMARY KEY (id, version, changed)
  ) WITHOUT ROWID;
  `,
];
