export { intelMatchDetector, IntelMatchDetector } from './detector.js';
export { IntelMatcher, type IntelHit, type RawHit, type IndicatorKey, IP_FIELDS, DOMAIN_FIELDS, URL_FIELDS, HASH_FIELDS } from './matcher.js';
export { describeIndicator, hitSentence } from './describe.js';
export { retroHunt, RETRO_HUNT_RULE, type HuntOptions, type HuntResult } from './retro-hunt.js';
