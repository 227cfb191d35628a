export { smtpSource, smtpConfig, type SmtpConfig } from './source.js';
