export { relpSource, relpConfig, type RelpConfig } from './source.js';
export { RelpFramer, relpFrame, parseOffers, type RelpFrame, type RelpFrameError } from './framing.js';
