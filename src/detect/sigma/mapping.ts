import type { LogSource } from './rule.js';

/**
 * A declarative field mapping, in the manner of a pySigma processing pipeline: when a rule's
 * log source matches `when`, its Sigma field names resolve to the ECS paths listed, tried in
 * order. The event's `raw` field of the same name is always the last resort, so a mapping
 * only needs to say where ECS keeps the value, never how to reach the original record.
 */
export interface FieldMapping {
  name: string;
  when: LogSource;
  fields: Record<string, string[]>;
}

const PROCESS = {
  Image: ['process.executable'],
  CommandLine: ['process.command_line'],
  ProcessId: ['process.pid'],
  ParentImage: ['process.parent.executable'],
  ParentCommandLine: ['process.parent.command_line'],
  ParentProcessId: ['process.parent.pid'],
  OriginalFileName: ['process.pe.original_file_name'],
  CurrentDirectory: ['process.working_directory'],
};

/**
 * Built-in mappings from Sysmon/Windows field names to ECS (as the Windows parser fills it).
 * Only fields whose ECS value equals the original are mapped: `User` stays raw because ECS
 * splits it into `user.domain` and `user.name`.
 *
 * @example
 * fieldPaths('Image', { product: 'windows', category: 'process_creation' }, WINDOWS_MAPPINGS)
 */
export const WINDOWS_MAPPINGS: FieldMapping[] = [
  { name: 'windows-common', when: { product: 'windows' }, fields: { Computer: ['host.name'] } },
  { name: 'windows-process-creation', when: { product: 'windows', category: 'process_creation' }, fields: PROCESS },
  { name: 'windows-file-event', when: { product: 'windows', category: 'file_event' }, fields: { Image: ['process.executable'], TargetFilename: ['file.path'] } },
  { name: 'windows-network', when: { product: 'windows', category: 'network_connection' }, fields: {
    Image: ['process.executable'], DestinationIp: ['destination.ip'], DestinationPort: ['destination.port'],
    SourceIp: ['source.ip'], SourcePort: ['source.port'], DestinationHostname: ['destination.domain'],
  } },
  { name: 'windows-dns-query', when: { product: 'windows', category: 'dns_query' }, fields: { Image: ['process.executable'], QueryName: ['dns.question.name'] } },
  { name: 'windows-image-load', when: { product: 'windows', category: 'image_load' }, fields: { Image: ['process.executable'], ImageLoaded: ['file.path'] } },
  { name: 'windows-registry', when: { product: 'windows', category: 'registry_set' }, fields: { Image: ['process.executable'], TargetObject: ['registry.path'] } },
];

/**
 * Mappings for the generic (product-less or Linux/macOS) log sources of SigmaHQ to the ECS fields
 * Wardwatch's web, proxy, DNS, firewall and host parsers fill.
 *
 * @example
 * fieldPaths('cs-uri-query', { category: 'webserver' }, GENERIC_MAPPINGS) // ['url.query', 'raw.cs-uri-query']
 */
export const GENERIC_MAPPINGS: FieldMapping[] = [
  { name: 'linux-process-creation', when: { product: 'linux', category: 'process_creation' }, fields: { ...PROCESS, User: ['user.name'] } },
  { name: 'macos-process-creation', when: { product: 'macos', category: 'process_creation' }, fields: { ...PROCESS, User: ['user.name'] } },
  { name: 'linux-network', when: { product: 'linux', category: 'network_connection' }, fields: {
    Image: ['process.executable'], DestinationIp: ['destination.ip'], DestinationPort: ['destination.port'],
    SourceIp: ['source.ip'], SourcePort: ['source.port'], DestinationHostname: ['destination.domain'],
  } },
  { name: 'webserver', when: { category: 'webserver' }, fields: {
    'cs-method': ['http.request.method'], 'cs-uri-query': ['url.query'], 'cs-uri-stem': ['url.path'],
    'cs-uri': ['url.original'], 'c-ip': ['source.ip'], 'sc-status': ['http.response.status_code'],
    'cs-user-agent': ['user_agent.original'], 'cs-host': ['url.domain'], 'cs-referer': ['http.request.referrer'],
    'cs-username': ['user.name'],
  } },
  { name: 'proxy', when: { category: 'proxy' }, fields: {
    'c-uri': ['url.original'], 'c-uri-query': ['url.query'], 'c-uri-stem': ['url.path'], 'c-uri-extension': ['url.extension'],
    'c-useragent': ['user_agent.original'], 'cs-host': ['url.domain'], 'cs-method': ['http.request.method'],
    'c-ip': ['source.ip'], 'r-dns': ['destination.domain'], 'dst-ip': ['destination.ip'], 'sc-status': ['http.response.status_code'],
    'cs-cookie': ['http.request.cookie'], 'cs-referrer': ['http.request.referrer'],
  } },
  { name: 'dns', when: { category: 'dns' }, fields: {
    query: ['dns.question.name'], answer: ['dns.answers.data'], record_type: ['dns.question.type'], QueryName: ['dns.question.name'],
  } },
  { name: 'firewall', when: { category: 'firewall' }, fields: {
    src_ip: ['source.ip'], dst_ip: ['destination.ip'], src_port: ['source.port'], dst_port: ['destination.port'], action: ['event.action'],
  } },
];

/**
 * The mappings a rule set uses unless configured otherwise.
 *
 * @example
 * loadRuleDirs(dirs, { mappings: [...DEFAULT_MAPPINGS, siteMapping] })
 */
export const DEFAULT_MAPPINGS: FieldMapping[] = [...WINDOWS_MAPPINGS, ...GENERIC_MAPPINGS];

function applies(when: LogSource, ls: LogSource): boolean {
  return (
    (when.product === undefined || when.product === ls.product) &&
    (when.category === undefined || when.category === ls.category) &&
    (when.service === undefined || when.service === ls.service)
  );
}

/**
 * Candidate paths for a Sigma field in a rule of log source `ls`: mapped ECS paths first, then
 * the field itself as an ECS path when it looks like one, then the raw original field.
 *
 * @example
 * fieldPaths('Image', { product: 'windows', category: 'process_creation' }, DEFAULT_MAPPINGS)
 * // ['process.executable', 'raw.Image']
 */
export function fieldPaths(field: string, ls: LogSource, mappings: FieldMapping[]): string[] {
  const paths: string[] = [];
  for (const m of mappings) {
    if (!applies(m.when, ls)) continue;
    const mapped = m.fields[field];
    if (mapped) for (const p of mapped) if (!paths.includes(p)) paths.push(p);
  }
  if (field.includes('.') && !paths.includes(field)) paths.push(field);
  paths.push(`raw.${field}`);
  return paths;
}
