import type { components } from '../../gen/api-schema';
import type { Problem } from '../../api/problem';

export type Step = components['schemas']['Step'];
export type StepBody = components['schemas']['UpdateStep'];

/** The fields of a step the editor changes. */
export interface StepFields {
  delayMinutes: number;
  subject: string;
  textBody: string;
  htmlBody: string;
}
export type StepField = keyof StepFields;

/** One step as edited: `id` once it exists in the API, `saved` what the API holds for it. */
export interface StepDraft extends StepFields {
  /** Stable across moves and saves, for React and for errors. */
  key: string;
  id: string | null;
  saved: StepFields | null;
}

/** The sequence as edited, with the saved steps the user removed (deleted on save). */
export interface SequenceState {
  steps: StepDraft[];
  removedIds: string[];
}

/** An API problem's messages for one step, by field; `other` holds what names no editor field. */
export type StepErrors = Partial<Record<StepField | 'other', string>>;

export const minutesPerDay = 24 * 60;
/** The API's limit on a step's delay (365 days). */
export const maxDelayMinutes = 365 * minutesPerDay;

let nextKey = 0;
const newKey = () => `new-${(nextKey += 1)}`;

const fieldsOf = (step: StepFields): StepFields => ({
  delayMinutes: step.delayMinutes,
  subject: step.subject,
  textBody: step.textBody,
  htmlBody: step.htmlBody,
});

/** The editor's state for a campaign's saved steps (any order; shown by position). */
export function sequenceFromSteps(steps: readonly Step[]): SequenceState {
  const drafts = [...steps]
    .sort((a, b) => a.position - b.position)
    .map((step) => ({ ...fieldsOf(step), key: step.id, id: step.id, saved: fieldsOf(step) }));
  return { steps: drafts, removedIds: [] };
}

/** A new campaign starts with one empty step, sent as soon as a lead joins. */
export const emptySequence = (): SequenceState => ({ steps: [blankStep(0)], removedIds: [] });

function blankStep(delayMinutes: number): StepDraft {
  return { key: newKey(), id: null, saved: null, delayMinutes, subject: '', textBody: '', htmlBody: '' };
}

/** Appends a step; a follow-up waits three days by default, as most sequences do. */
export function addStep(state: SequenceState): SequenceState {
  const delay = state.steps.length === 0 ? 0 : 3 * minutesPerDay;
  return { ...state, steps: [...state.steps, blankStep(delay)] };
}

/** Removes a step; a saved one is deleted on the next save. */
export function removeStep(state: SequenceState, key: string): SequenceState {
  const step = state.steps.find((s) => s.key === key);
  if (!step) return state;
  return {
    steps: state.steps.filter((s) => s.key !== key),
    removedIds: step.id ? [...state.removedIds, step.id] : state.removedIds,
  };
}

/** Moves a step one place up (-1) or down (+1); at either end nothing changes. */
export function moveStep(state: SequenceState, key: string, by: -1 | 1): SequenceState {
  const from = state.steps.findIndex((s) => s.key === key);
  const to = from + by;
  if (from < 0 || to < 0 || to >= state.steps.length) return state;
  const steps = [...state.steps];
  [steps[from], steps[to]] = [steps[to] as StepDraft, steps[from] as StepDraft];
  return { ...state, steps };
}

export function updateStep(state: SequenceState, key: string, change: Partial<StepFields>): SequenceState {
  return { ...state, steps: state.steps.map((s) => (s.key === key ? { ...s, ...change } : s)) };
}

/** A delay as whole days, hours and the minutes left over (the API counts minutes). */
export function splitDelay(minutes: number): { days: number; hours: number; minutes: number } {
  const days = Math.floor(minutes / minutesPerDay);
  const rest = minutes - days * minutesPerDay;
  return { days, hours: Math.floor(rest / 60), minutes: rest % 60 };
}

/** Minutes from days and hours as typed, keeping the odd minutes a delay set through the API had. */
export function delayFromParts(days: number, hours: number, minutes = 0): number {
  const whole = (n: number) => (Number.isFinite(n) ? Math.max(0, Math.trunc(n)) : 0);
  return whole(days) * minutesPerDay + whole(hours) * 60 + whole(minutes);
}

/** Whether a step has changes the API does not hold yet. */
export function isUnsaved(step: StepDraft): boolean {
  return !step.saved || (Object.keys(step.saved) as StepField[]).some((f) => step.saved?.[f] !== step[f]);
}

/**
 * The body that saves a step's content: all fields for a new step (appended; positions are set
 * after every step exists, see reorderMoves), the changed ones for a saved step, null when none.
 */
export function stepWriteBody(step: StepDraft): StepBody | null {
  if (!step.saved) return fieldsOf(step);
  const saved = step.saved;
  const changed = (Object.keys(saved) as StepField[]).filter((f) => saved[f] !== step[f]);
  if (changed.length === 0) return null;
  return Object.fromEntries(changed.map((f) => [f, step[f]])) as StepBody;
}

/** The state after a step's write succeeded: it has its id and the API holds what was written. */
export function markSaved(state: SequenceState, key: string, step: Step): SequenceState {
  return {
    ...state,
    steps: state.steps.map((s) => (s.key === key ? { ...s, id: step.id, saved: fieldsOf(step) } : s)),
  };
}

/** The state after the removed steps were deleted. */
export const clearRemoved = (state: SequenceState, deleted: readonly string[]): SequenceState => ({
  ...state,
  removedIds: state.removedIds.filter((id) => !deleted.includes(id)),
});

/**
 * The PATCH { position } calls that turn the API's order into the editor's, in the order to make
 * them: each moves one step to its place (1-based), the API shifting the others as it does.
 */
export function reorderMoves(
  current: readonly string[],
  desired: readonly string[],
): { id: string; position: number }[] {
  const order = current.filter((id) => desired.includes(id));
  const moves: { id: string; position: number }[] = [];
  desired.forEach((id, index) => {
    if (order[index] === id) return;
    const from = order.indexOf(id);
    if (from < 0) return;
    order.splice(from, 1);
    order.splice(index, 0, id);
    moves.push({ id, position: index + 1 });
  });
  return moves;
}

const stepFields: readonly StepField[] = ['delayMinutes', 'subject', 'textBody', 'htmlBody'];

/**
 * A step route's problem as messages beside the step's fields: `body.subject` (the step routes) and
 * `steps[i].subject` (the template check's own naming) both land on that field; several problems on
 * one field are joined; what names no step field goes to `other` with the problem's detail.
 */
export function stepErrorsOf(problem: Problem): StepErrors {
  const errors: StepErrors = {};
  const add = (field: StepField | 'other', message: string) => {
    errors[field] = errors[field] ? `${errors[field]}; ${message}` : message;
  };
  for (const entry of problem.errors ?? []) {
    const name = entry.field.replace(/^body\./, '').replace(/^steps\[\d+\]\./, '');
    if ((stepFields as readonly string[]).includes(name)) add(name as StepField, entry.message);
    else add('other', `${entry.field}: ${entry.message}`);
  }
  if (!problem.errors?.length) add('other', problem.detail);
  return errors;
}

/** Whether any step has an error the editor shows. */
export const hasStepErrors = (errors: Record<string, StepErrors>): boolean =>
  Object.values(errors).some((e) => Object.keys(e).length > 0);

/**
 * The errors still worth showing after an edit: a field the user changed loses its message (the
 * next save judges it again), and so does a step that was removed.
 */
export function errorsAfterEdit(
  errors: Record<string, StepErrors>,
  before: SequenceState,
  after: SequenceState,
): Record<string, StepErrors> {
  const kept: Record<string, StepErrors> = {};
  for (const [key, stepErrors] of Object.entries(errors)) {
    const was = before.steps.find((s) => s.key === key);
    const now = after.steps.find((s) => s.key === key);
    if (!now) continue;
    const left = Object.fromEntries(
      Object.entries(stepErrors).filter(
        ([field]) => field === 'other' || !was || was[field as StepField] === now[field as StepField],
      ),
    ) as StepErrors;
    if (Object.keys(left).length > 0) kept[key] = left;
  }
  return kept;
}
