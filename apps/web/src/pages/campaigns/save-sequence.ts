import { ApiError } from '../../api/problem';
import {
  clearRemoved,
  markSaved,
  reorderMoves,
  stepErrorsOf,
  stepWriteBody,
  type SequenceState,
  type Step,
  type StepBody,
  type StepErrors,
} from './sequence-editor';

/** The step routes of one campaign, as the save needs them. */
export interface StepCalls {
  create(body: StepBody): Promise<Step>;
  update(id: string, body: StepBody): Promise<Step>;
  remove(id: string): Promise<void>;
  list(): Promise<Step[]>;
}

export interface SequenceSaveResult {
  state: SequenceState;
  /** By step key; empty when everything was saved. */
  errors: Record<string, StepErrors>;
  /** A problem that belongs to no step (a removed step that could not be deleted). */
  problem: unknown;
}

/**
 * Saves the sequence through the step routes: deletes what was removed, writes every step that
 * changed (new ones appended), and only when all of them were accepted moves the steps into the
 * editor's order. A refused step keeps its text in the editor and its errors beside it; the others
 * are saved anyway, so the user sees every step's problems after one save.
 */
export async function saveSequence(state: SequenceState, calls: StepCalls): Promise<SequenceSaveResult> {
  let current = state;
  let problem: unknown = null;
  const deleted: string[] = [];
  for (const id of state.removedIds) {
    try {
      await calls.remove(id);
      deleted.push(id);
    } catch (error) {
      // Already gone is what was wanted.
      if (error instanceof ApiError && error.status === 404) deleted.push(id);
      else problem = error;
    }
  }
  current = clearRemoved(current, deleted);

  const errors: Record<string, StepErrors> = {};
  for (const step of state.steps) {
    const body = stepWriteBody(step);
    if (!body) continue;
    try {
      const saved = step.id ? await calls.update(step.id, body) : await calls.create(body);
      current = markSaved(current, step.key, saved);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      errors[step.key] = stepErrorsOf(error.problem);
    }
  }
  if (Object.keys(errors).length > 0 || problem) return { state: current, errors, problem };

  const inApi = (await calls.list()).sort((a, b) => a.position - b.position).map((s) => s.id);
  const desired = current.steps.flatMap((s) => (s.id ? [s.id] : []));
  for (const move of reorderMoves(inApi, desired)) await calls.update(move.id, { position: move.position });
  return { state: current, errors, problem };
}
