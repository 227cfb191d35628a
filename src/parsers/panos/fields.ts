/**
 * Positions of the PAN-OS syslog CSV fields Wardwatch reads (0-based, counting the leading
 * FUTURE_USE field), from Palo Alto's "Syslog Field Descriptions" for PAN-OS 10.x/11.x. The first
 * 30 fields are shared by TRAFFIC and THREAT; later positions differ per type.
 */
export const COMMON = {
  receiveTime: 1, serial: 2, type: 3, subtype: 4, generatedTime: 6,
  srcIp: 7, dstIp: 8, natSrcIp: 9, natDstIp: 10, rule: 11, srcUser: 12, dstUser: 13, app: 14, vsys: 15,
  srcZone: 16, dstZone: 17, inIf: 18, outIf: 19, logAction: 20, sessionId: 22, repeat: 23,
  srcPort: 24, dstPort: 25, natSrcPort: 26, natDstPort: 27, flags: 28, proto: 29, action: 30,
} as const;

/** TRAFFIC-only fields. */
export const TRAFFIC = {
  bytes: 31, bytesSent: 32, bytesReceived: 33, packets: 34, startTime: 35, elapsed: 36, category: 37,
  srcCountry: 41, dstCountry: 42, packetsSent: 44, packetsReceived: 45, endReason: 46, deviceName: 52,
} as const;

/** THREAT-only fields. */
export const THREAT = {
  url: 31, threat: 32, category: 33, severity: 34, direction: 35, srcCountry: 38, dstCountry: 39,
  contentType: 41, fileDigest: 43, userAgent: 46, fileType: 47, xff: 48, referer: 49, deviceName: 59,
} as const;
