import { DeviceRepo, openCatalogue, viewOf } from '../../devices/index.js';
import { notMeasured, pct, rate, type Measure, type MeasureResult } from './types.js';

const CONN = `json_extract(doc, '$.event.dataset') = 'zeek.conn'`;
const PROTO = `lower(COALESCE(json_extract(doc, '$.network.protocol'), ''))`;
const PORT = `json_extract(doc, '$.destination.port')`;
const TLS = `(${PROTO} LIKE '%ssl%' OR ${PROTO} LIKE '%tls%')`;

/** Clear-text protocols that carry PHI in a hospital, as Zeek names them or by their registered port. */
const CLEARTEXT_PHI: Array<{ label: string; where: string }> = [
  { label: 'HL7 v2 over MLLP without TLS', where: `(${PROTO} = 'hl7' OR (${PORT} = 2575 AND NOT ${TLS}))` },
  { label: 'DICOM without TLS (104/11112)', where: `(${PROTO} = 'dicom' OR (${PORT} IN (104, 11112) AND NOT ${TLS}))` },
  { label: 'FTP', where: `(${PROTO} = 'ftp' OR (${PORT} = 21 AND NOT ${TLS}))` },
  { label: 'Telnet', where: `(${PROTO} = 'telnet' OR (${PORT} = 23 AND ${PROTO} = ''))` },
];

/** 164.312(e)(2)(i)/(ii), CPG essential 5, HICP 6.M.A/9.M.E: PHI-carrying protocols seen in clear text. */
export const cleartextPhi: Measure = {
  id: 'cleartext-phi',
  title: 'Clear-text PHI protocols on the network',
  run({ db, from, to }): MeasureResult {
    const query = 'zeek.conn in the period: HL7 MLLP (service hl7 or port 2575 not TLS), DICOM (service dicom or 104/11112 not TLS), FTP, Telnet; zeek.http requests whose path contains "fhir"';
    const conns = db.prepare(`SELECT COUNT(*) FROM events WHERE ts >= ? AND ts < ? AND ${CONN}`).pluck().get(from, to) as number;
    const http = db.prepare(`SELECT COUNT(*) FROM events WHERE ts >= ? AND ts < ? AND json_extract(doc, '$.event.dataset') = 'zeek.http'`).pluck().get(from, to) as number;
    if (!conns && !http) return notMeasured(this, 'no network sensor (Zeek) data in the period', query);
    const found: Array<{ label: string; n: number; ex: string[] }> = CLEARTEXT_PHI.map((p) => {
      const n = db.prepare(`SELECT COUNT(*) FROM events WHERE ts >= ? AND ts < ? AND ${CONN} AND ${p.where}`).pluck().get(from, to) as number;
      const ex = n ? db.prepare(`SELECT id FROM events WHERE ts >= ? AND ts < ? AND ${CONN} AND ${p.where} LIMIT 3`).pluck().all(from, to) as string[] : [];
      return { label: p.label, n, ex };
    });
    const fhirWhere = `json_extract(doc, '$.event.dataset') = 'zeek.http' AND lower(COALESCE(json_extract(doc, '$.url.path'), json_extract(doc, '$.url.original'), '')) LIKE '%fhir%'`;
    const fhir = db.prepare(`SELECT COUNT(*) FROM events WHERE ts >= ? AND ts < ? AND ${fhirWhere}`).pluck().get(from, to) as number;
    found.push({ label: 'FHIR over plain HTTP', n: fhir, ex: fhir ? db.prepare(`SELECT id FROM events WHERE ts >= ? AND ts < ? AND ${fhirWhere} LIMIT 3`).pluck().all(from, to) as string[] : [] });
    const total = found.reduce((a, f) => a + f.n, 0);
    const hits = found.filter((f) => f.n);
    return {
      id: this.id, title: this.title, status: total ? 'gap' : 'met', value: total, unit: 'count',
      summary: total ? `${total} clear-text PHI connections: ${hits.map((h) => `${h.label} ${h.n}`).join(', ')} (of ${conns} connections seen).` : `No clear-text HL7, DICOM, FHIR, FTP or Telnet among ${conns} connections and ${http} HTTP requests.`,
      counts: { connections: conns, httpRequests: http, cleartext: total, ...Object.fromEntries(found.map((f) => [f.label, f.n])) }, query,
      examples: hits.flatMap((h) => h.ex).slice(0, 10).map((i) => `event:${i}`),
      breakdown: found.map((f) => ({ label: f.label, value: f.n })),
    };
  },
};

const ENCRYPTED = `(${TLS} OR ${PROTO} IN ('ssh', 'krb', 'krb_tcp', 'dtls', 'quic', 'rdp') OR (${PROTO} = '' AND ${PORT} IN (22, 443, 465, 636, 853, 993, 995, 2762, 2376, 8443, 8883)))`;
const CLEAR = `(${PROTO} IN ('http', 'ftp', 'ftp-data', 'telnet', 'smtp', 'pop3', 'imap', 'ldap', 'hl7', 'dicom', 'snmp', 'irc', 'mysql', 'postgresql', 'smb', 'dce_rpc', 'ntlm') OR (${PROTO} = '' AND ${PORT} IN (20, 21, 23, 25, 80, 104, 110, 143, 389, 2575, 8080, 11112)))`;

/** 164.312(e)(2)(ii), CPG essential 5: share of application connections that were encrypted. */
export const tlsShare: Measure = {
  id: 'tls-share',
  title: 'Encryption in transit (share of application connections encrypted)',
  run({ db, from, to }): MeasureResult {
    const query = 'zeek.conn in the period: encrypted (ssl/tls, ssh, rdp, Kerberos, or a TLS-only port when Zeek named no service) ÷ (encrypted + clear-text application protocols: http, ftp, telnet, smtp, pop3, imap, ldap, hl7, dicom, smb, …); DNS, NTP and unnamed services on other ports are left out';
    const enc = db.prepare(`SELECT COUNT(*) FROM events WHERE ts >= ? AND ts < ? AND ${CONN} AND ${ENCRYPTED}`).pluck().get(from, to) as number;
    const clear = db.prepare(`SELECT ${PROTO} AS p, ${PORT} AS port, COUNT(*) AS n FROM events WHERE ts >= ? AND ts < ? AND ${CONN} AND ${CLEAR} AND NOT ${ENCRYPTED} GROUP BY p, port ORDER BY n DESC`).all(from, to) as Array<{ p: string; port: number | null; n: number }>;
    const nClear = clear.reduce((a, c) => a + c.n, 0);
    if (enc + nClear === 0) return notMeasured(this, 'no classified application connections (Zeek conn.log) in the period', query);
    const share = enc / (enc + nClear);
    return {
      id: this.id, title: this.title, status: rate(share, 0.98, 0.9), value: share, unit: 'share',
      summary: `${enc} of ${enc + nClear} application connections were encrypted (${pct(share)}); clear text mostly ${clear.slice(0, 3).map((c) => `${c.p || 'port'} ${c.port ?? ''}`.trim() + ` (${c.n})`).join(', ')}.`,
      counts: { encrypted: enc, cleartext: nClear }, query, examples: [],
      breakdown: [{ label: 'encrypted', value: enc }, ...clear.slice(0, 6).map((c) => ({ label: `${c.p || '?'}/${c.port ?? '?'}`, value: c.n }))],
    };
  },
};

/**
 * CPG essential 1, HICP 7.M.A/9.M.A, 164.308(a)(5)(ii)(B): devices with known-exploited
 * vulnerabilities, from the device inventory (src/devices) matched against CISA's KEV catalogue and
 * the ICS medical advisories refreshed by `wardwatch intel update`. Only `confirmed` and `probable`
 * KEV matches count as a gap; a vendor-only match is too weak to call a control failed.
 */
export const kevDevices: Measure = {
  id: 'kev-devices',
  title: 'Devices with known-exploited (CISA KEV) vulnerabilities',
  run({ db, dataDir }): MeasureResult {
    const query = 'device inventory (device_inventory) matched by vendor, product and firmware to the CISA KEV catalogue in DATA_DIR/vulns';
    const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'device_inventory'`).get() !== undefined;
    const repo = hasTable ? new DeviceRepo(db) : undefined;
    const records = repo?.all() ?? [];
    if (records.length === 0) return notMeasured(this, 'the device inventory is empty (no network or device telemetry seen yet)', query);
    if (!dataDir) return notMeasured(this, `${records.length} devices inventoried, but no vulnerability catalogue was given to match them against`, query, { devices: records.length });
    const cat = openCatalogue(dataDir);
    if (cat.loaded.kev === 0) return notMeasured(this, `${records.length} devices inventoried; the KEV catalogue has not been loaded (run \`wardwatch intel update --kev …\`)`, query, { devices: records.length });
    const overrides = repo!.overrides();
    const hits = records.map((r) => viewOf(r, overrides.get(r.id), cat))
      .map((v) => ({ v, kev: v.vulnerabilities.filter((m) => m.knownExploited && m.confidence !== 'possible') }))
      .filter((x) => x.kev.length > 0);
    const critical = hits.filter((x) => x.v.criticality !== 'operational').length;
    const share = 1 - hits.length / records.length;
    return {
      id: this.id, title: this.title, status: hits.length === 0 ? 'met' : critical > 0 ? 'gap' : 'partial', value: hits.length, unit: 'count',
      summary: hits.length === 0
        ? `None of ${records.length} inventoried devices matches a known-exploited vulnerability (${pct(share)} clear).`
        : `${hits.length} of ${records.length} inventoried devices match a known-exploited vulnerability (${critical} of them clinical: life-sustaining or diagnostic).`,
      counts: { devices: records.length, kevDevices: hits.length, clinicalKevDevices: critical }, query,
      examples: hits.slice(0, 5).map((x) => `${x.v.id}: ${x.kev.map((m) => m.id).slice(0, 3).join(', ')}`),
      breakdown: [{ label: 'clear', value: records.length - hits.length }, { label: 'KEV match', value: hits.length }],
    };
  },
};
