/**
 * A plan file (docs/cli.md): `{ formatVersion, createdAt, steps, operations: [...] }`, plain JSON
 * with no secrets. An empty `operations` array means there is nothing to do.
 */
import { z } from 'zod';
import { operationSchema, plannableSteps } from './operation';
import { plainLine } from './plain';

/** Bumped when a plan written by one version cannot be applied by another. */
export const planFormatVersion = 1;

/** What a step found that is not an operation: warnings, manual commands, opt-ins not chosen. */
export const planNoteSchema = z.strictObject({
  step: z.enum(plannableSteps),
  level: z.enum(['info', 'warning']),
  message: plainLine().min(1).max(2000),
  /** Commands for the admin to run where the tool cannot (e.g. on the Connect server). */
  commands: z.array(plainLine().max(2000)).max(50).optional(),
});

export const planSchema = z.strictObject({
  formatVersion: z.literal(planFormatVersion),
  createdAt: z.iso.datetime(),
  /** Where it was computed from: the DC URL, the SYSVOL folder, ADSync (no credentials). */
  source: z.strictObject({
    dc: plainLine().max(500).optional(),
    baseDn: plainLine().max(500).optional(),
    sysvol: plainLine().max(1000).optional(),
    /** Where ADSync was read (Optional features); absent when no Connect server was reached. */
    adsync: z
      .string()
      .regex(/^(local|remote:[A-Za-z0-9.-]+)$/)
      .optional(),
  }),
  steps: z.array(z.enum(plannableSteps)),
  operations: z.array(operationSchema).max(100_000),
  notes: z.array(planNoteSchema).max(1000),
});

export type Plan = z.infer<typeof planSchema>;
export type PlanNote = z.infer<typeof planNoteSchema>;
