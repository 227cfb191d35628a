export { buildHipaaReport, rowOf, seal, verifySeal, DIGEST_PLACEHOLDER, type ControlRow, type HipaaReport } from './build.js';
export { renderHipaaHtml } from './html.js';
export { STATUS_COLOUR, statusLabel } from './svg.js';
