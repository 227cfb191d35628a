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
];
