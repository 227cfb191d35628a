export { geoipEnricher } from './geoip/index.js';
export { fieldsEnricher } from './fields/index.js';
