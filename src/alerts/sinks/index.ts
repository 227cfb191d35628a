export { ndjsonFileSink } from './ndjson-file.js';
export { webhookSink } from './webhook.js';
