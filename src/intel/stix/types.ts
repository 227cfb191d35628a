/**
 * The STIX 2.1 objects Wardwatch reads and writes. Only the properties it uses are typed;
 * every object keeps the rest (`[k: string]: unknown`) so a round trip loses nothing.
 * Spec: STIX 2.1 (OASIS Standard), sections 4 (SDOs), 5 (SROs), 6 (SCOs), 7.2 (markings).
 */

/** Properties every STIX object has (section 3.2). */
export interface StixCommon {
  type: string;
  id: string;
  spec_version?: string;
  created?: string;
  modified?: string;
  created_by_ref?: string;
  revoked?: boolean;
  labels?: string[];
  confidence?: number;
  lang?: string;
  external_references?: ExternalReference[];
  object_marking_refs?: string[];
  granular_markings?: Array<{ marking_ref?: string; lang?: string; selectors: string[] }>;
  extensions?: Record<string, unknown>;
  [k: string]: unknown;
}

export interface ExternalReference {
  source_name: string;
  description?: string;
  url?: string;
  external_id?: string;
  hashes?: Record<string, string>;
}

export interface KillChainPhase {
  kill_chain_name: string;
  phase_name: string;
}

/** Indicator SDO (4.7): a detection pattern with a validity window. */
export interface Indicator extends StixCommon {
  type: 'indicator';
  name?: string;
  description?: string;
  indicator_types?: string[];
  pattern: string;
  pattern_type: 'stix' | 'pcre' | 'sigma' | 'snort' | 'suricata' | 'yara' | string;
  pattern_version?: string;
  valid_from: string;
  valid_until?: string;
  kill_chain_phases?: KillChainPhase[];
}

/** Sighting SRO (5.2): something was seen, how often and where. */
export interface Sighting extends StixCommon {
  type: 'sighting';
  sighting_of_ref: string;
  first_seen?: string;
  last_seen?: string;
  count?: number;
  observed_data_refs?: string[];
  where_sighted_refs?: string[];
  summary?: boolean;
  description?: string;
}

/** Observed-Data SDO (4.13): raw observations, by reference to SCOs. */
export interface ObservedData extends StixCommon {
  type: 'observed-data';
  first_observed: string;
  last_observed: string;
  number_observed: number;
  object_refs?: string[];
}

/** Attack-Pattern SDO (4.1); ATT&CK techniques carry an external reference `mitre-attack`. */
export interface AttackPattern extends StixCommon {
  type: 'attack-pattern';
  name: string;
  description?: string;
  aliases?: string[];
  kill_chain_phases?: KillChainPhase[];
}

/** Incident SDO (4.6; a stub in 2.1, extended by properties we add under `x_wardwatch_*`). */
export interface Incident extends StixCommon {
  type: 'incident';
  name: string;
  description?: string;
}

/** Identity SDO (4.5): who produced or saw something. */
export interface Identity extends StixCommon {
  type: 'identity';
  name: string;
  identity_class?: 'individual' | 'group' | 'system' | 'organization' | 'class' | 'unknown' | string;
  sectors?: string[];
  contact_information?: string;
}

/** Marking-Definition (7.2), TLP 2.0 via its extension or the 1.0 `definition_type: tlp`. */
export interface MarkingDefinition extends StixCommon {
  type: 'marking-definition';
  name?: string;
  definition_type?: string;
  definition?: Record<string, unknown>;
}

/** Relationship SRO (5.1). */
export interface Relationship extends StixCommon {
  type: 'relationship';
  relationship_type: string;
  source_ref: string;
  target_ref: string;
  description?: string;
  start_time?: string;
  stop_time?: string;
}

/** Any STIX object (SDO, SRO, SCO, marking, extension definition, language content). */
export type StixObject = Indicator | Sighting | ObservedData | AttackPattern | Incident | Identity | MarkingDefinition | Relationship | StixCommon;

/** Bundle (8): a container, not an object. */
export interface Bundle {
  type: 'bundle';
  id: string;
  objects: StixObject[];
  /** Present in STIX 2.0 bundles only. */
  spec_version?: string;
}

/** Narrow an object to an indicator. */
export const isIndicator = (o: StixCommon): o is Indicator => o.type === 'indicator';
/** Narrow an object to a sighting. */
export const isSighting = (o: StixCommon): o is Sighting => o.type === 'sighting';
/** Narrow an object to a relationship. */
export const isRelationship = (o: StixCommon): o is Relationship => o.type === 'relationship';
