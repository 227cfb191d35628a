import { z } from 'zod';
import { durationField } from '../../core/duration.js';
import { PRIVATE_RANGES } from './flow.js';

export const duration = durationField;
export const severity = z.enum(['low', 'medium', 'high', 'critical']);

/** Settings every network detector shares. */
export const common = {
  /** Address ranges inside the organisation (everything else is external). */
  internal: z.array(z.string().min(1)).default(PRIVATE_RANGES),
  /** Most evidence event ids kept per alert. */
  maxEvidence: z.number().int().positive().max(1000).default(50),
};

/** Device classes that count as medical (IoMT): they get stricter novelty and volume checks. */
export const medicalClasses = z.array(z.string()).default([
  'infusion_pump', 'patient_monitor', 'ventilator', 'lab_analyzer', 'ct_scanner', 'mri', 'xray', 'ultrasound', 'imaging_modality', 'pacs', 'dialysis', 'anesthesia',
]);

/**
 * Known hosts and their class, for addresses that send no telemetry: `{ ip: '10.10.2.10', class: 'pacs' }`.
 * Classes are otherwise learned from device telemetry (`device.type` with `host.ip`).
 */
export const assets = z.array(z.strictObject({ ip: z.string().min(1), class: z.string().min(1) })).default([]);
