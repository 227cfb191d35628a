/**
 * Migrations of `DATA_DIR/intel.db`, applied in order (`PRAGMA user_version` counts them).
 * Intel lives in its own file so feeds of millions of rows never bloat or lock the event store,
 * and detector threads open it read-only. Never edit a shipped migration: append one.
 */
export const INTEL_MIGRATIONS: string[] = [
  `
  -- One row per matchable value (an IP, network, domain, URL, hash or address) per source.
  CREATE TABLE indicators (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,            -- ip | cidr | domain | url | hash | email
    value TEXT NOT NULL,           -- normalised (see src/intel/pattern/extract.ts)
    subdomains INTEGER NOT NULL DEFAULT 0,
    alg TEXT,                      -- hash algorithm (STIX name)
    source TEXT NOT NULL,          -- feed / collection / file it came from
    stix_id TEXT NOT NULL,         -- the STIX indicator it belongs to (deterministic for feeds)
    name TEXT,                     -- what the source says about it, for explanations
    confidence INTEGER,            -- 0..100 (STIX confidence scale)
    valid_from INTEGER NOT NULL,   -- ms since epoch
    valid_until INTEGER,           -- ms since epoch; NULL = no expiry
    imported INTEGER NOT NULL,     -- ms since epoch of the import that last wrote it
    tlp TEXT,
    techniques TEXT,               -- ATT&CK ids the indicator is linked to, comma separated
    UNIQUE (source, kind, value)
  );
  CREATE INDEX indicators_value ON indicators(value);
  CREATE INDEX indicators_until ON indicators(valid_until);

  -- Every STIX object imported (the indicator objects too), by version, for export and TAXII.
  CREATE TABLE stix_objects (
    id TEXT NOT NULL,
    version TEXT NOT NULL,         -- modified, or created, or the import time for unversioned objects
    type TEXT NOT NULL,
    source TEXT NOT NULL,
    added INTEGER NOT NULL,        -- ms since epoch: TAXII date_added
    doc TEXT NOT NULL,
    PRIMARY KEY (id, version)
  ) WITHOUT ROWID;
  CREATE INDEX stix_objects_added ON stix_objects(added);

  -- Automatic sightings: an indicator value seen in our events.
  CREATE TABLE sightings (
    indicator_seq INTEGER NOT NULL,
    observed TEXT NOT NULL,        -- the value as seen
    field TEXT NOT NULL,           -- the event field it was seen in
    first_seen INTEGER NOT NULL,
    last_seen INTEGER NOT NULL,
    count INTEGER NOT NULL,
    last_event TEXT,
    PRIMARY KEY (indicator_seq, observed, field)
  ) WITHOUT ROWID;

  -- One row per import run: what was loaded, skipped and why.
  CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    source TEXT NOT NULL,
    file TEXT NOT NULL,
    format TEXT NOT NULL,
    report TEXT NOT NULL           -- JSON ImportReport
  );

  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  INSERT INTO meta (key, value) VALUES ('version', '0');
  `,
  `
  -- TAXII 2.1 collections served by the API (src/intel/taxii/), with who may read and write them:
  -- JSON arrays of role names, 'token:<name>' or '*'.
  CREATE TABLE taxii_collections (
    id TEXT PRIMARY KEY,           -- a UUID (the TAXII collection id)
    alias TEXT UNIQUE,             -- short name for the CLI and for import sources
    title TEXT NOT NULL,
    description TEXT,
    readers TEXT NOT NULL,
    writers TEXT NOT NULL,
    import INTEGER NOT NULL DEFAULT 1,  -- objects written to it are imported as indicators (source taxii:<alias>)
    created INTEGER NOT NULL
  );
  -- Which object versions a collection holds (the documents are in stix_objects).
  CREATE TABLE taxii_entries (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    version TEXT NOT NULL,         -- as in stix_objects (modified, created, or date added)
    vkey INTEGER NOT NULL,         -- the version as microseconds, for first/last/at
    added INTEGER NOT NULL,        -- date_added in microseconds, unique per collection
    type TEXT NOT NULL,
    spec_version TEXT NOT NULL,
    PRIMARY KEY (collection, id, version)
  ) WITHOUT ROWID;
  CREATE UNIQUE INDEX taxii_entries_added ON taxii_entries(collection, added, id, version);
  -- Status resources of POSTed envelopes.
  CREATE TABLE taxii_status (
    id TEXT PRIMARY KEY,
    collection TEXT NOT NULL,
    at INTEGER NOT NULL,
    doc TEXT NOT NULL
  );
  -- State of the TAXII / URL feeds polled by wardwatch intel update.
  CREATE TABLE feed_state (
    name TEXT PRIMARY KEY,
    state TEXT NOT NULL            -- JSON FeedState (src/intel/taxii/poll.ts)
  );
  `,
];
