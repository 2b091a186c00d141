/**
 * A plan file (docs/cli.md): `{ formatVersion, createdAt, steps, operations: [...] }`, plain JSON
 * with no secrets. An empty `operations` array means there is nothing to do.
 */
import { z } from 'zod';
import { operationSchema, plannableSteps } from './operation';
import { planDirectoryTag } from './operation-fields';
import { plainLine } from './plain';

/** Bumped when a plan written by one version cannot be applied by another. */
export const planFormatVersion = 1;

/** What a step found that is not an operation: warnings, manual commands, opt-ins not chosen. */
export const planNoteSchema = z.strictObject({
  step: z.enum(plannableSteps),
  /** The directory it is about, in a plan over several (source.directories). */
  directory: planDirectoryTag.optional(),
  level: z.enum(['info', 'warning']),
  message: plainLine().min(1).max(2000),
  /** Commands for the admin to run where the tool cannot (e.g. on the Connect server). */
  commands: z.array(plainLine().max(2000)).max(50).optional(),
});

/**
 * One directory of a plan over several (`plan --directories`): the forest and domain, the DC it
 * was read from, the domain's naming context (every change of that directory stays inside it) and
 * its SYSVOL folder when the Minimum password age step read one.
 */
export const planDirectorySchema = planDirectoryTag.extend({
  dc: plainLine().max(500),
  baseDn: plainLine().max(500),
  sysvol: plainLine().max(1000).optional(),
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
    /**
     * A plan over several directories: each one it read, and every operation and note names
     * its own (`directory`). Absent from a plan over one domain, whose dc, baseDn and sysvol
     * are the fields above.
     */
    directories: z.array(planDirectorySchema).min(1).max(100).optional(),
  }),
  steps: z.array(z.enum(plannableSteps)),
  operations: z.array(operationSchema).max(100_000),
  notes: z.array(planNoteSchema).max(1000),
});

export type Plan = z.infer<typeof planSchema>;
export type PlanNote = z.infer<typeof planNoteSchema>;
export type PlanDirectory = z.infer<typeof planDirectorySchema>;
