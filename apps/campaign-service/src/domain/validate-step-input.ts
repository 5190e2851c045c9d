import {
  DomainError,
  invalidArgument,
  unstorableTextViolations,
  type FieldViolation,
} from '@coldreach/errors';
import {
  characterCount,
  stepFieldLimits,
  templateFieldLimits,
  validateStepTemplates,
} from '@coldreach/outreach';
import type { StepFields } from './sequence';

export const maxSteps = stepFieldLimits.steps;
export const maxDelayMinutes = stepFieldLimits.delayMinutes;

/** A step's delay as the caller sent it (a protobuf Duration); undefined means none. */
export interface DelayInput {
  seconds: bigint;
  nanos: number;
}

/** Whole minutes from 0 to 365 days, or a violation naming `field`. */
export function delayMinutesOf(
  delay: DelayInput | undefined,
  field: string,
  violations: FieldViolation[],
): number {
  if (!delay) return 0;
  const { seconds, nanos } = delay;
  if (nanos !== 0 || seconds % 60n !== 0n) {
    violations.push({ field, message: 'must be a whole number of minutes' });
    return 0;
  }
  const minutes = seconds / 60n;
  if (minutes < 0n || minutes > BigInt(maxDelayMinutes)) {
    violations.push({ field, message: 'must be between 0 and 365 days' });
    return 0;
  }
  return Number(minutes);
}

/**
 * Checks a step's templates (unknown variables, broken syntax, a missing body) for the step that
 * will stand at `position`; throws INVALID_ARGUMENT naming `steps[position].<template>` and the
 * variable, together with any other violation found.
 */
export function validateStepFields(fields: StepFields, position: number, violations: FieldViolation[]): void {
  const templates = [
    ['subject_template', fields.subjectTemplate, templateFieldLimits.subject],
    ['text_body_template', fields.textBodyTemplate, templateFieldLimits.textBody],
    ['html_body_template', fields.htmlBodyTemplate, templateFieldLimits.htmlBody],
  ] as const;
  for (const [name, value, max] of templates) {
    violations.push(...unstorableTextViolations(value, `step.${name}`));
    if (characterCount(value) > max) {
      violations.push({ field: `step.${name}`, message: `must be at most ${max} characters` });
    }
  }
  try {
    validateStepTemplates({
      position,
      subject: fields.subjectTemplate,
      textBody: fields.textBodyTemplate,
      htmlBody: fields.htmlBodyTemplate,
    });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    violations.push(...error.violations);
  }
  if (violations.length > 0) throw invalidArgument(violations);
}

/**
 * Where a step goes: 0 or one past the last appends; 1..count inserts there. `count` is the number
 * of steps the sequence will have besides this one.
 */
export function resolveStepPosition(
  requested: number,
  count: number,
  field: string,
  violations: FieldViolation[],
): number {
  if (!Number.isInteger(requested) || requested < 0 || requested > count + 1) {
    violations.push({ field, message: `must be between 0 (the end) and ${count + 1}` });
    return count + 1;
  }
  return requested === 0 ? count + 1 : requested;
}
