export { mllpSource, mllpConfig, type MllpConfig } from './source.js';
export { MllpFramer, SB, EB, CR, type MllpFrame } from './framing.js';
export { buildAck, errorFromReason, newControlId, readHeader, wantsAck, type AckCode, type AckError } from './ack.js';
