export { pcapSource, tcpdumpArgs } from './source.js';
export { pcapSourceConfig, type PcapSourceConfig } from './config.js';
