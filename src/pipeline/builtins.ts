import { ndjsonFileSink, webhookSink } from '../alerts/sinks/index.js';
import type { DetectorDef, EnricherDef, ParserDef, SinkDef } from '../core/components.js';
import { Registry } from '../core/registry.js';
import { bruteForceDetector, explicitCredentialsDetector, sprayDetector, successAfterFailuresDetector } from '../detect/auth-abuse/index.js';
import { ehrAccessDetector, ehrBehaviourDetector } from '../detect/ehr-access/index.js';
import * as identity from '../detect/identity/index.js';
import { intelMatchDetector } from '../detect/intel-match/index.js';
import { logAnomalyDetector } from '../detect/log-anomaly/index.js';
import * as network from '../detect/network/index.js';
import { phishingDetector } from '../detect/phishing/index.js';
import { sigmaDetectorDef } from '../detect/sigma/index.js';
import { fieldsEnricher, geoipEnricher } from '../enrich/index.js';
import { registerBuiltinParsers } from '../parsers/index.js';

/**
 * The registries of everything Wardwatch ships. Adding a component is one folder plus one
 * line here. Worker threads import this module too, so they can build detectors by type name.
 */
export const parsers = new Registry<ParserDef<any>>('parser');
export const detectors = new Registry<DetectorDef<any>>('detector');
export const enrichers = new Registry<EnricherDef<any>>('enricher');
export const sinks = new Registry<SinkDef<any>>('sink');

registerBuiltinParsers(parsers);
for (const d of [bruteForceDetector, sprayDetector, successAfterFailuresDetector, explicitCredentialsDetector, sigmaDetectorDef, ehrAccessDetector, ehrBehaviourDetector, phishingDetector, logAnomalyDetector, intelMatchDetector]) detectors.register(d.type, d as DetectorDef<any>);
for (const d of [
  identity.rareLoginTimeDetector, identity.newSourceDetector, identity.impossibleTravelDetector, identity.mfaFatigueDetector,
  identity.privilegedGroupChangeDetector, identity.newAdminLogonDetector, identity.serviceAccountInteractiveDetector,
  identity.dormantAccountDetector, identity.afterTerminationDetector,
]) detectors.register(d.type, d as DetectorDef<any>);
// Network and device behaviour (src/detect/network).
for (const d of Object.values(network)) detectors.register(d.type, d as DetectorDef<any>);
for (const e of [geoipEnricher, fieldsEnricher]) enrichers.register(e.type, e);
for (const s of [ndjsonFileSink, webhookSink]) sinks.register(s.type, s);
