import {
  addStep,
  moveStep,
  removeStep,
  updateStep,
  type SequenceState,
  type StepErrors,
} from './sequence-editor';
import { StepEditor } from './StepEditor';

/** The steps in order, each with its editor. */
export function SequenceEditor({
  sequence,
  onChange,
  errors,
}: {
  sequence: SequenceState;
  onChange: (sequence: SequenceState) => void;
  errors: Record<string, StepErrors>;
}) {
  return (
    <section aria-labelledby="sequence-heading">
      <h2 id="sequence-heading">Sequence</h2>
      <p className="hint">
        Each step is one email; a lead gets the next step after its delay, unless they replied (and stop on
        reply is on).
      </p>
      <ol className="steps">
        {sequence.steps.map((step, index) => (
          <StepEditor
            key={step.key}
            step={step}
            index={index}
            count={sequence.steps.length}
            errors={errors[step.key] ?? {}}
            onChange={(change) => onChange(updateStep(sequence, step.key, change))}
            onMove={(by) => onChange(moveStep(sequence, step.key, by))}
            onRemove={() => onChange(removeStep(sequence, step.key))}
          />
        ))}
      </ol>
      <button type="button" onClick={() => onChange(addStep(sequence))}>
        Add step
      </button>
    </section>
  );
}
