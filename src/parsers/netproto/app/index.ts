import { dhcp } from './dhcp.js';
import { dicom } from './dicom.js';
import { dnsTcp, dnsUdp, mdns } from './dns.js';
import { hl7 } from './hl7.js';
import { http, ssdp } from './http.js';
import { mqtt } from './mqtt.js';
import { tls } from './tls.js';
import type { DecoderFactory } from './types.js';

/** Every application decoder, in the order tried when sniffing a flow's first payload. */
export const APP_DECODERS: DecoderFactory[] = [dicom, hl7, mqtt, tls, http, dnsUdp, dnsTcp, mdns, dhcp, ssdp];
export type { AppDecoder, DecoderContext, DecoderFactory, Dir, SensorRecord } from './types.js';
export { parseDns } from './dns.js';
export { parseDhcp } from './dhcp.js';
export { parseAssociate, parseCommand } from './dicom.js';
export { parseClientHello } from './tls.js';
export { parseMsh } from './hl7.js';
export { parseRequestHead } from './http.js';
