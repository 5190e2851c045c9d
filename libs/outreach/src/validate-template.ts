import { type FieldViolation, invalidArgument } from '@coldreach/errors';
import { shownName, tryParseTemplate } from './parse-template';

/** The variables a campaign template may use; `custom.*` stands for any custom field. */
export const personalisationVariables: readonly string[] = [
  'email',
  'first_name',
  'last_name',
  'company',
  'title',
  'phone',
  'website',
  'custom.*',
];

export interface TemplateValidationOptions {
  /** Allowed names; an entry ending in `.*` allows every name with that prefix. */
  knownVariables?: readonly string[];
}

/** A step's templates as a caller supplies them. */
export interface StepTemplates {
  position: number;
  subject: string;
  textBody: string;
  htmlBody: string;
}

// A template may name thousands of unknown variables; the answer lists the first few and counts the rest.
const maxUnknownVariablesReported = 10;

/**
 * Every problem with a template, as messages: the syntax error (with its line and column) if it is
 * broken, else each unknown variable once (the first ten, then how many more). Empty means the
 * template is valid.
 */
export function validateTemplate(source: string, options: TemplateValidationOptions = {}): string[] {
  const known = options.knownVariables ?? personalisationVariables;
  const result = tryParseTemplate(source);
  if (!result.ok) return [result.problem];
  const problems: string[] = [];
  const reported = new Set<string>();
  for (const variable of result.template.variables) {
    if (isKnownVariable(variable.name, known) || reported.has(variable.name)) continue;
    reported.add(variable.name);
    if (reported.size > maxUnknownVariablesReported) continue;
    const suggestion = closestKnownVariable(variable.name, known);
    problems.push(
      `unknown variable {{${shownName(variable.name)}}} at line ${variable.line}, column ${variable.column}` +
        (suggestion ? `; did you mean {{${suggestion}}}?` : ''),
    );
  }
  const more = reported.size - maxUnknownVariablesReported;
  if (more > 0) problems.push(`and ${more} more unknown variable${more === 1 ? '' : 's'}`);
  return problems;
}

/**
 * Checks a step's subject and bodies when it is saved; throws INVALID_ARGUMENT with one violation
 * per problem, each naming the step and template (`steps[2].subject`).
 */
export function validateStepTemplates(step: StepTemplates, options: TemplateValidationOptions = {}): void {
  const violations: FieldViolation[] = [];
  const templates = [
    ['subject', step.subject],
    ['textBody', step.textBody],
    ['htmlBody', step.htmlBody],
  ] as const;
  for (const [name, source] of templates) {
    for (const message of validateTemplate(source, options)) {
      violations.push({ field: `steps[${step.position}].${name}`, message });
    }
  }
  if (step.textBody.trim() === '' && step.htmlBody.trim() === '') {
    violations.push({
      field: `steps[${step.position}].textBody`,
      message: 'a text or an HTML body is required',
    });
  }
  if (violations.length > 0) throw invalidArgument(violations);
}

function isKnownVariable(name: string, known: readonly string[]): boolean {
  return known.some((entry) =>
    entry.endsWith('.*')
      ? name.startsWith(entry.slice(0, -1)) && name.length > entry.length - 1
      : entry === name,
  );
}

/** The known name a typo most likely meant (at most two edits away), for the error message. */
function closestKnownVariable(name: string, known: readonly string[]): string | undefined {
  let best: { entry: string; distance: number } | undefined;
  for (const entry of known) {
    // More than two letters apart in length is more than two edits: skips the table for long names.
    if (entry.endsWith('.*') || Math.abs(name.length - entry.length) > 2) continue;
    const distance = editDistance(name.toLowerCase(), entry);
    if (distance <= 2 && (!best || distance < best.distance)) best = { entry, distance };
  }
  return best?.entry;
}

/** Optimal string alignment distance, so a swap of two letters (frist → first) counts as one edit. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number): number => rows[i]?.[j] ?? Number.POSITIVE_INFINITY;
  for (let i = 1; i <= a.length; i += 1) {
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let distance = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        distance = Math.min(distance, at(i - 2, j - 2) + 1);
      }
      (rows[i] as number[])[j] = distance;
    }
  }
  return at(a.length, b.length);
}
