export { readEvtx, isEvtx } from './reader.js';
export { toXml } from './xml.js';
export { toEventJson, type EvtxJson, type EvtxJsonObject } from './json.js';
export { evtxFrames, type EvtxFrame, type EvtxFrameContext } from './framing.js';
export { evtxParserDef, isBinaryParserDef, type BinaryFraming, type BinaryParserDef } from './parser-def.js';
export type { EvtxRecord, EvtxRecordError, EvtxErrorScope, ReadEvtxOptions } from './types.js';
export type { XmlElement, XmlChild } from './tree.js';
