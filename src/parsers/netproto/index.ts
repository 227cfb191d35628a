export { pcapParserDef, pcapFrames, pcapParserConfig, problemToDeadLetter, problemRecord, type PcapParserConfig, type PcapFrame } from './parser-def.js';
export { Sensor, type SensorProblem, type SensorOptions } from './sensor.js';
export { CaptureReader, isCapture, MAX_PACKET_BYTES, type CapturedPacket, type CaptureProblem } from './capture-reader.js';
export { decodePacket, type DecodedPacket } from './packet.js';
export { FlowTable, DEFAULT_FLOW_OPTIONS, type FlowOptions } from './flow.js';
export { sensorToEvent } from './to-event.js';
export { APP_DECODERS, type SensorRecord } from './app/index.js';
