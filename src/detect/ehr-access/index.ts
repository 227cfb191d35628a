export { assessConfigOf, ehrAccessDetector } from './detector.js';
export { assessAccess, riskOf, type AccessFactor, type Assessment, type AssessConfig } from './assess.js';
export { localTime, onShift } from './clock.js';
export { BEHAVIOUR_FEATURES, ehrBehaviourDetector } from './behaviour.js';
