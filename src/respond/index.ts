export { ResponseEngine, EngineRefusal, type Decider, type RespondMode } from './engine.js';
export { attachResponder, auditTo, configuredPlaybooks, type ResponderHost } from './responder.js';
export { loadPlaybooks, parsePlaybook, type PlaybookIssue } from './load.js';
export { ActionRepo, ACTION_STATES, type ActionRecord, type ActionState } from './repo.js';
export { SafetyPolicy } from './policy.js';
export type { Playbook } from './playbook.js';
export { feedAddress } from './feed.js';
export { MANUAL_ACTIONS, manualTargets, type ManualAction, type ManualRequest } from './manual.js';
