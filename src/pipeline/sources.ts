import type { SourceDef } from '../core/components.js';
import { Registry } from '../core/registry.js';
import { imapSource } from '../sources/imap/index.js';
import { mllpSource } from '../sources/mllp/index.js';
import { mqttSource } from '../sources/mqtt/index.js';
import { pcapSource } from '../sources/pcap/index.js';
import { relpSource } from '../sources/relp/index.js';
import { smtpSource } from '../sources/smtp/index.js';
import { syslogSource } from '../sources/syslog/index.js';

/** Long-running sources configured under `sources:` (HTTP ingest is part of the API server). */
export const sources = new Registry<SourceDef<any>>('source');
sources.register(syslogSource.type, syslogSource);
sources.register(relpSource.type, relpSource);
sources.register(mllpSource.type, mllpSource);
sources.register(mqttSource.type, mqttSource);
sources.register(smtpSource.type, smtpSource);
sources.register(imapSource.type, imapSource);
sources.register(pcapSource.type, pcapSource);
