export { bruteForceDetector } from './bruteforce.js';
export { sprayDetector } from './spray.js';
export { successAfterFailuresDetector } from './success-after-failures.js';
