export { bruteForceDetector } from './bruteforce.js';
export { explicitCredentialsDetector } from './explicit-credentials.js';
export { sprayDetector } from './spray.js';
export { successAfterFailuresDetector } from './success-after-failures.js';
