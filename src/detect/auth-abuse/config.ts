import { z } from 'zod';
import { durationField } from '../../core/duration.js';

export const duration = durationField;

export const severity = z.enum(['low', 'medium', 'high', 'critical']);

/** Settings shared by the three authentication-abuse detectors. */
export const common = {
  /** Two failure lines of one attempt (same host and process) within this time count once. */
  dedupe: duration('2s'),
  /** Most evidence event ids kept per alert. */
  maxEvidence: z.number().int().positive().max(1000).default(50),
};
