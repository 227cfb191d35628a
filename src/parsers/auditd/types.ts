import type { EventCategory } from '../../core/event.js';

/**
 * How each audit record type maps to ECS `event.category` / `event.type`, and which
 * record types name the account acted upon (`acct=`) rather than the actor.
 */
export interface AuditTypeInfo {
  category?: EventCategory[];
  type: string[];
  /** `acct=` / `id=` is the account acted upon (user management), not the actor. */
  targetAccount?: boolean;
  /** Group management record: `acct=`/`grp=` is a group. */
  group?: boolean;
}

/**
 * Record types by name (`type=USER_LOGIN`); numeric types (`type=1112`, as the kernel's
 * printk and some forwarders write them) are translated with {@link AUDIT_TYPE_NAMES}.
 *
 * @example
 * AUDIT_TYPES.USER_LOGIN // { category: ['authentication', 'session'], type: ['start'] }
 */
export const AUDIT_TYPES: Record<string, AuditTypeInfo> = {
  USER_AUTH: { category: ['authentication'], type: ['info'] },
  USER_ACCT: { category: ['authentication'], type: ['info'] },
  USER_LOGIN: { category: ['authentication', 'session'], type: ['start'] },
  USER_LOGOUT: { category: ['session'], type: ['end'] },
  USER_START: { category: ['session'], type: ['start'] },
  USER_END: { category: ['session'], type: ['end'] },
  USER_ERR: { category: ['authentication'], type: ['info'] },
  LOGIN: { category: ['session'], type: ['info'] },
  CRED_ACQ: { category: ['authentication'], type: ['info'] },
  CRED_DISP: { category: ['authentication'], type: ['info'] },
  CRED_REFR: { category: ['authentication'], type: ['info'] },
  GRP_AUTH: { category: ['authentication'], type: ['info'] },
  USER_CMD: { category: ['process'], type: ['start'] },
  USER_TTY: { category: ['process'], type: ['info'] },
  USER_CHAUTHTOK: { category: ['iam'], type: ['user', 'change'], targetAccount: true },
  GRP_CHAUTHTOK: { category: ['iam'], type: ['group', 'change'], targetAccount: true, group: true },
  USER_MGMT: { category: ['iam'], type: ['user', 'change'], targetAccount: true },
  GRP_MGMT: { category: ['iam'], type: ['group', 'change'], targetAccount: true, group: true },
  ADD_USER: { category: ['iam'], type: ['user', 'creation'], targetAccount: true },
  DEL_USER: { category: ['iam'], type: ['user', 'deletion'], targetAccount: true },
  ADD_GROUP: { category: ['iam'], type: ['group', 'creation'], targetAccount: true, group: true },
  DEL_GROUP: { category: ['iam'], type: ['group', 'deletion'], targetAccount: true, group: true },
  CHUSER_ID: { category: ['iam'], type: ['user', 'change'], targetAccount: true },
  CHGRP_ID: { category: ['iam'], type: ['group', 'change'], targetAccount: true, group: true },
  USER_ROLE_CHANGE: { category: ['iam'], type: ['user', 'change'] },
  ROLE_ASSIGN: { category: ['iam'], type: ['user', 'change'], targetAccount: true },
  ROLE_REMOVE: { category: ['iam'], type: ['user', 'change'], targetAccount: true },
  SYSCALL: { category: ['process'], type: ['info'] },
  EXECVE: { category: ['process'], type: ['start'] },
  PROCTITLE: { category: ['process'], type: ['info'] },
  CWD: { category: ['process'], type: ['info'] },
  PATH: { category: ['file'], type: ['info'] },
  SOCKADDR: { category: ['network'], type: ['info'] },
  CONFIG_CHANGE: { category: ['configuration'], type: ['change'] },
  DAEMON_START: { category: ['process'], type: ['start'] },
  DAEMON_END: { category: ['process'], type: ['end'] },
  DAEMON_ABORT: { category: ['process'], type: ['end'] },
  DAEMON_CONFIG: { category: ['configuration'], type: ['change'] },
  SERVICE_START: { category: ['process'], type: ['start'] },
  SERVICE_STOP: { category: ['process'], type: ['end'] },
  SYSTEM_BOOT: { category: ['host'], type: ['start'] },
  SYSTEM_SHUTDOWN: { category: ['host'], type: ['end'] },
  SYSTEM_RUNLEVEL: { category: ['host'], type: ['change'] },
  AVC: { category: ['process'], type: ['access'] },
  USER_AVC: { category: ['process'], type: ['access'] },
  SELINUX_ERR: { category: ['process'], type: ['info'] },
  MAC_STATUS: { category: ['configuration'], type: ['change'] },
  ANOM_PROMISCUOUS: { category: ['network'], type: ['info'] },
  ANOM_ABEND: { category: ['process'], type: ['end'] },
  ANOM_LOGIN_FAILURES: { category: ['authentication'], type: ['info'] },
  ANOM_ADD_ACCT: { category: ['iam'], type: ['user', 'creation'], targetAccount: true },
  ANOM_DEL_ACCT: { category: ['iam'], type: ['user', 'deletion'], targetAccount: true },
  NETFILTER_CFG: { category: ['configuration'], type: ['change'] },
  KERN_MODULE: { category: ['driver'], type: ['change'] },
  BPF: { category: ['process'], type: ['info'] },
  EOE: { type: ['info'] },
};

/**
 * Names of the numeric record types of `linux/audit.h` and `libaudit.h` that Wardwatch maps.
 *
 * @example
 * AUDIT_TYPE_NAMES[1300] // 'SYSCALL'
 */
export const AUDIT_TYPE_NAMES: Record<number, string> = {
  1006: 'LOGIN', 1100: 'USER_AUTH', 1101: 'USER_ACCT', 1102: 'USER_MGMT', 1103: 'CRED_ACQ', 1104: 'CRED_DISP',
  1105: 'USER_START', 1106: 'USER_END', 1107: 'USER_AVC', 1108: 'USER_CHAUTHTOK', 1109: 'USER_ERR', 1110: 'CRED_REFR',
  1112: 'USER_LOGIN', 1113: 'USER_LOGOUT', 1114: 'ADD_USER', 1115: 'DEL_USER', 1116: 'ADD_GROUP', 1117: 'DEL_GROUP',
  1119: 'CHGRP_ID', 1123: 'USER_CMD', 1124: 'USER_TTY', 1125: 'CHUSER_ID', 1126: 'GRP_AUTH', 1127: 'SYSTEM_BOOT',
  1128: 'SYSTEM_SHUTDOWN', 1129: 'SYSTEM_RUNLEVEL', 1130: 'SERVICE_START', 1131: 'SERVICE_STOP', 1132: 'GRP_MGMT',
  1133: 'GRP_CHAUTHTOK', 1200: 'DAEMON_START', 1201: 'DAEMON_END', 1202: 'DAEMON_ABORT', 1203: 'DAEMON_CONFIG',
  1300: 'SYSCALL', 1302: 'PATH', 1305: 'CONFIG_CHANGE', 1306: 'SOCKADDR', 1307: 'CWD', 1309: 'EXECVE', 1320: 'EOE',
  1325: 'NETFILTER_CFG', 1327: 'PROCTITLE', 1330: 'KERN_MODULE', 1334: 'BPF', 1400: 'AVC', 1401: 'SELINUX_ERR',
  1404: 'MAC_STATUS', 1700: 'ANOM_PROMISCUOUS', 1701: 'ANOM_ABEND',
};
