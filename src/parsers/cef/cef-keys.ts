import type { Target } from './ecs-builder.js';

/**
 * CEF extension keys (short form, ArcSight "CEF Key Name") → ECS, after the ArcSight dictionary and
 * Elastic's CEF mapping. Keys not listed stay under `raw.extension` only.
 */
export const CEF_KEYS: Readonly<Record<string, Target>> = {
  src: ['source.ip', 'ip'],
  spt: ['source.port', 'number'],
  smac: ['source.mac', 'mac'],
  shost: ['source.domain', 'string'],
  suser: ['source.user.name', 'string'],
  suid: ['source.user.id', 'string'],
  sntdom: ['source.user.domain', 'string'],
  sproc: ['process.name', 'string'],
  spid: ['process.pid', 'number'],
  sourceTranslatedAddress: ['source.nat.ip', 'ip'],
  sourceTranslatedPort: ['source.nat.port', 'number'],
  dst: ['destination.ip', 'ip'],
  dpt: ['destination.port', 'number'],
  dmac: ['destination.mac', 'mac'],
  dhost: ['destination.domain', 'string'],
  duser: ['destination.user.name', 'string'],
  duid: ['destination.user.id', 'string'],
  dntdom: ['destination.user.domain', 'string'],
  dproc: ['destination.process.name', 'string'],
  dpid: ['destination.process.pid', 'number'],
  destinationTranslatedAddress: ['destination.nat.ip', 'ip'],
  destinationTranslatedPort: ['destination.nat.port', 'number'],
  act: ['event.action', 'string'],
  proto: ['network.transport', 'lower'],
  app: ['network.protocol', 'lower'],
  in: ['source.bytes', 'number'],
  out: ['destination.bytes', 'number'],
  msg: ['message', 'string'],
  reason: ['event.reason', 'string'],
  request: ['url.original', 'string'],
  requestMethod: ['http.request.method', 'string'],
  requestClientApplication: ['user_agent.original', 'string'],
  requestContext: ['http.request.referrer', 'string'],
  fname: ['file.name', 'string'],
  filePath: ['file.path', 'string'],
  fsize: ['file.size', 'number'],
  fileType: ['file.type', 'string'],
  fileHash: ['file.hash.sha256', 'string'],
  dvc: ['observer.ip', 'string'],
  dvchost: ['observer.hostname', 'string'],
  dvcmac: ['observer.mac', 'mac'],
  deviceExternalId: ['observer.name', 'string'],
  deviceInboundInterface: ['observer.ingress.interface.name', 'string'],
  deviceOutboundInterface: ['observer.egress.interface.name', 'string'],
  deviceDirection: ['network.direction', 'string'],
  externalId: ['event.reference', 'string'],
  cnt: ['event.count', 'number'],
};

/** Full "CEF Key Name"s some devices write (`sourceAddress=…`) → their short keys. */
export const CEF_LONG_NAMES: Readonly<Record<string, string>> = {
  sourceAddress: 'src', sourcePort: 'spt', sourceMacAddress: 'smac', sourceHostName: 'shost', sourceUserName: 'suser',
  sourceUserId: 'suid', sourceNtDomain: 'sntdom', sourceProcessName: 'sproc', sourceProcessId: 'spid',
  destinationAddress: 'dst', destinationPort: 'dpt', destinationMacAddress: 'dmac', destinationHostName: 'dhost',
  destinationUserName: 'duser', destinationUserId: 'duid', destinationNtDomain: 'dntdom', destinationProcessName: 'dproc',
  destinationProcessId: 'dpid', deviceAction: 'act', transportProtocol: 'proto', applicationProtocol: 'app', bytesIn: 'in',
  bytesOut: 'out', message: 'msg', requestUrl: 'request', fileName: 'fname', fileSize: 'fsize', deviceAddress: 'dvc',
  deviceHostName: 'dvchost', deviceMacAddress: 'dvcmac', baseEventCount: 'cnt', deviceReceiptTime: 'rt', startTime: 'start',
  endTime: 'end', eventOutcome: 'outcome', deviceEventCategory: 'cat',
};

/** Custom-field pairs: `cs1` with `cs1Label`, `cn1` with `cn1Label`… → `labels[<label>]`. */
export const CUSTOM_KEYS: ReadonlySet<string> = new Set([
  'cs1', 'cs2', 'cs3', 'cs4', 'cs5', 'cs6', 'cn1', 'cn2', 'cn3', 'cfp1', 'cfp2', 'cfp3', 'cfp4', 'c6a1', 'c6a2', 'c6a3', 'c6a4',
  'flexString1', 'flexString2', 'flexNumber1', 'flexNumber2', 'flexDate1', 'deviceCustomDate1', 'deviceCustomDate2',
]);
