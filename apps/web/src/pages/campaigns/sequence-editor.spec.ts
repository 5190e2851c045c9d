import type { Problem } from '../../api/problem';
import {
  addStep,
  delayFromParts,
  emptySequence,
  errorsAfterEdit,
  isUnsaved,
  markSaved,
  moveStep,
  removeStep,
  reorderMoves,
  sequenceFromSteps,
  splitDelay,
  stepErrorsOf,
  stepWriteBody,
  updateStep,
  type SequenceState,
  type Step,
} from './sequence-editor';

const step = (id: string, position: number, fields: Partial<Step> = {}): Step => ({
  id,
  campaignId: 'c',
  position,
  delayMinutes: 0,
  subject: `Subject ${id}`,
  textBody: `Body ${id}`,
  htmlBody: '',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...fields,
});

const subjects = (state: SequenceState) => state.steps.map((s) => s.subject);

describe('the sequence as edited', () => {
  it('starts from the saved steps in position order, nothing unsaved', () => {
    const state = sequenceFromSteps([step('b', 2), step('a', 1)]);
    expect(subjects(state)).toEqual(['Subject a', 'Subject b']);
    expect(state.steps.map(isUnsaved)).toEqual([false, false]);
    expect(state.steps.map(stepWriteBody)).toEqual([null, null]);
  });

  it('starts a new campaign with one empty step sent at once', () => {
    const state = emptySequence();
    expect(state.steps).toHaveLength(1);
    expect(state.steps[0]).toMatchObject({ id: null, delayMinutes: 0, subject: '' });
  });

  it('adds follow-ups three days later, each with its own key', () => {
    const state = addStep(addStep(emptySequence()));
    expect(state.steps.map((s) => s.delayMinutes)).toEqual([0, 4320, 4320]);
    expect(new Set(state.steps.map((s) => s.key)).size).toBe(3);
    expect(addStep({ steps: [], removedIds: [] }).steps[0]?.delayMinutes).toBe(0);
  });

  it('moves steps up and down, and not past either end', () => {
    const state = sequenceFromSteps([step('a', 1), step('b', 2), step('c', 3)]);
    expect(subjects(moveStep(state, 'c', -1))).toEqual(['Subject a', 'Subject c', 'Subject b']);
    expect(subjects(moveStep(state, 'a', 1))).toEqual(['Subject b', 'Subject a', 'Subject c']);
    expect(moveStep(state, 'a', -1)).toBe(state);
    expect(moveStep(state, 'c', 1)).toBe(state);
  });

  it('remembers removed saved steps for deletion, and forgets new ones', () => {
    let state = addStep(sequenceFromSteps([step('a', 1), step('b', 2)]));
    const added = state.steps[2]?.key ?? '';
    state = removeStep(removeStep(state, 'a'), added);
    expect(subjects(state)).toEqual(['Subject b']);
    expect(state.removedIds).toEqual(['a']);
    expect(removeStep(state, 'nope')).toBe(state);
  });

  it('writes only what changed on a saved step, everything on a new one', () => {
    let state = sequenceFromSteps([step('a', 1)]);
    state = updateStep(state, 'a', { subject: 'Hi {{first_name}}' });
    expect(stepWriteBody(state.steps[0]!)).toEqual({ subject: 'Hi {{first_name}}' });
    state = addStep(state);
    const added = state.steps[1]!;
    expect(stepWriteBody(added)).toEqual({ delayMinutes: 4320, subject: '', textBody: '', htmlBody: '' });
    state = markSaved(state, added.key, step('n', 2, { delayMinutes: 4320, subject: '', textBody: '' }));
    expect(state.steps[1]).toMatchObject({ key: added.key, id: 'n' });
    expect(isUnsaved(state.steps[1]!)).toBe(false);
  });
});

describe('delays', () => {
  it.each([
    [0, { days: 0, hours: 0, minutes: 0 }],
    [1440, { days: 1, hours: 0, minutes: 0 }],
    [3 * 1440 + 5 * 60 + 7, { days: 3, hours: 5, minutes: 7 }],
  ])('splits %i minutes into days, hours and minutes and back', (minutes, parts) => {
    expect(splitDelay(minutes)).toEqual(parts);
    expect(delayFromParts(parts.days, parts.hours, parts.minutes)).toBe(minutes);
  });

  it('reads what cannot be a delay as nothing', () => {
    expect(delayFromParts(Number.NaN, -3)).toBe(0);
    expect(delayFromParts(1.9, 2.5)).toBe(1440 + 120);
  });
});

describe('reorderMoves', () => {
  it.each([
    ['nothing when the order is right', ['a', 'b', 'c'], ['a', 'b', 'c'], []],
    ['one move for a step brought up', ['a', 'b', 'c'], ['c', 'a', 'b'], [{ id: 'c', position: 1 }]],
    [
      'a move per step out of place when reversed',
      ['a', 'b', 'c'],
      ['c', 'b', 'a'],
      [
        { id: 'c', position: 1 },
        { id: 'b', position: 2 },
      ],
    ],
    [
      'steps the editor does not know are left alone',
      ['x', 'a', 'b'],
      ['b', 'a'],
      [{ id: 'b', position: 1 }],
    ],
  ])('makes %s', (_case, current, desired, moves) => {
    expect(reorderMoves(current, desired)).toEqual(moves);
  });

  it('ends in the desired order when the moves are replayed as the API applies them', () => {
    const current = ['a', 'b', 'c', 'd', 'e'];
    const desired = ['d', 'a', 'e', 'c', 'b'];
    const order = [...current];
    for (const move of reorderMoves(current, desired)) {
      order.splice(order.indexOf(move.id), 1);
      order.splice(move.position - 1, 0, move.id);
    }
    expect(order).toEqual(desired);
  });
});

describe('stepErrorsOf', () => {
  const problem = (errors: Problem['errors'], detail = 'invalid'): Problem => ({
    type: 'urn:coldreach:problem:validation',
    title: 'Bad Request',
    status: 400,
    detail,
    ...(errors ? { errors } : {}),
  });

  it('puts each template problem beside its field, however the API names the step', () => {
    expect(
      stepErrorsOf(
        problem([
          { field: 'body.subject', message: 'unknown variable {{frist_name}}' },
          { field: 'steps[2].htmlBody', message: 'unclosed {{ at line 1, column 4' },
          { field: 'body.htmlBody', message: 'unknown variable {{nope}}' },
          { field: 'body.delayMinutes', message: 'must be between 0 and 365 days' },
        ]),
      ),
    ).toEqual({
      subject: 'unknown variable {{frist_name}}',
      htmlBody: 'unclosed {{ at line 1, column 4; unknown variable {{nope}}',
      delayMinutes: 'must be between 0 and 365 days',
    });
  });

  it('keeps what names no step field, and a problem without fields, as the step’s other error', () => {
    expect(stepErrorsOf(problem([{ field: 'body.position', message: 'too far' }]))).toEqual({
      other: 'body.position: too far',
    });
    expect(stepErrorsOf(problem(undefined, 'The Campaign service is unavailable.'))).toEqual({
      other: 'The Campaign service is unavailable.',
    });
  });
});

describe('errorsAfterEdit', () => {
  it('drops the message of a field the user changed and of a removed step, keeps the rest', () => {
    const before = sequenceFromSteps([step('a', 1), step('b', 2)]);
    const errors = {
      a: { subject: 'unknown variable', textBody: 'unclosed {{', other: 'body.position: too far' },
      b: { subject: 'unknown variable' },
    };
    const edited = updateStep(before, 'a', { subject: 'Hi {{first_name}}' });
    expect(errorsAfterEdit(errors, before, edited)).toEqual({
      a: { textBody: 'unclosed {{', other: 'body.position: too far' },
      b: { subject: 'unknown variable' },
    });
    expect(errorsAfterEdit(errors, before, removeStep(before, 'b'))).toEqual({ a: errors.a });
    expect(errorsAfterEdit(errors, before, moveStep(before, 'b', -1))).toEqual(errors);
  });
});
