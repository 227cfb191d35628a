export { TAXII_MEDIA, STIX_MEDIA, acceptsTaxii, isTaxiiContent, parseMicros, formatMicros } from './media.js';
export { TaxiiError, type TaxiiErrorResource } from './errors.js';
export { parseFilters, ENDPOINT_FILTERS, MAX_PAGE, DEFAULT_PAGE, type TaxiiFilters } from './filters.js';
export { TaxiiStore, allowed, type CollectionRecord, type Entry, type Page, type Caller } from './collections.js';
export { addEnvelope, MAX_ENVELOPE_OBJECTS, type StatusResource } from './add.js';
