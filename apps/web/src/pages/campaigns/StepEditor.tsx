import { useRef } from 'react';
import { TextAreaField, TextField } from '../../ui/Field';
import {
  delayFromParts,
  splitDelay,
  type StepDraft,
  type StepErrors,
  type StepFields,
} from './sequence-editor';
import { customFieldPattern, insertSnippet, templateVariables } from './template-variables';

type TemplateField = 'subject' | 'textBody' | 'htmlBody';
type TemplateInput = HTMLInputElement | HTMLTextAreaElement;

/**
 * One step of the sequence: its delay, subject and bodies, the variables to insert at the cursor of
 * the template last focused, and the API's problems beside the field they name.
 */
export function StepEditor({
  step,
  index,
  count,
  errors,
  onChange,
  onMove,
  onRemove,
}: {
  step: StepDraft;
  index: number;
  count: number;
  errors: StepErrors;
  onChange: (change: Partial<StepFields>) => void;
  onMove: (by: -1 | 1) => void;
  onRemove: () => void;
}) {
  // The template the user was last in, and the element, whose selection survives the click on a variable.
  const target = useRef<{ field: TemplateField; element: TemplateInput } | null>(null);
  const delay = splitDelay(step.delayMinutes);
  const number = index + 1;

  const template = (field: TemplateField) => ({
    value: step[field],
    error: errors[field],
    onChange: (event: { target: { value: string } }) => onChange({ [field]: event.target.value }),
    onFocus: (event: { currentTarget: TemplateInput }) => {
      target.current = { field, element: event.currentTarget };
    },
  });

  const insert = (snippet: string) => {
    const at = target.current;
    const field = at?.field ?? 'textBody';
    const element = at?.element;
    const value = step[field];
    const { text, cursor } = insertSnippet(
      value,
      element?.selectionStart ?? value.length,
      element?.selectionEnd ?? value.length,
      snippet,
    );
    onChange({ [field]: text });
    if (element) {
      // After React wrote the new value: back into the field, the cursor after the variable.
      requestAnimationFrame(() => {
        element.focus();
        element.setSelectionRange(cursor, cursor);
      });
    }
  };

  return (
    <li className="card step" aria-labelledby={`${step.key}-heading`}>
      <div className="step-header">
        <h3 id={`${step.key}-heading`}>Step {number}</h3>
        <div className="actions">
          <button
            type="button"
            onClick={() => onMove(-1)}
            disabled={index === 0}
            aria-label={`Move step ${number} up`}
          >
            ↑ Up
          </button>
          <button
            type="button"
            onClick={() => onMove(1)}
            disabled={index === count - 1}
            aria-label={`Move step ${number} down`}
          >
            ↓ Down
          </button>
          <button type="button" className="danger" onClick={onRemove} aria-label={`Remove step ${number}`}>
            Remove
          </button>
        </div>
      </div>
      <div className="form-row">
        <TextField
          label="Delay (days)"
          type="number"
          min={0}
          max={365}
          value={String(delay.days)}
          error={errors.delayMinutes}
          hint={index === 0 ? 'After the lead joins a launched campaign.' : `After step ${index} was sent.`}
          onChange={(event) =>
            onChange({ delayMinutes: delayFromParts(Number(event.target.value), delay.hours, delay.minutes) })
          }
        />
        <TextField
          label="Delay (hours)"
          type="number"
          min={0}
          max={23}
          value={String(delay.hours)}
          hint={delay.minutes > 0 ? `and ${delay.minutes} minutes` : undefined}
          onChange={(event) =>
            onChange({ delayMinutes: delayFromParts(delay.days, Number(event.target.value), delay.minutes) })
          }
        />
      </div>
      <TextField
        label="Subject"
        placeholder={'Quick question, {{first_name | "there"}}?'}
        {...template('subject')}
      />
      <div className="variables" role="group" aria-label={`Insert a variable into step ${number}`}>
        <span className="hint">Insert at the cursor:</span>
        {templateVariables.map((variable) => (
          <button
            key={variable.snippet}
            type="button"
            className="variable"
            // Keeps the focus (and so the selection) in the template while clicking.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => insert(variable.snippet)}
            title={variable.snippet}
          >
            {variable.label}
          </button>
        ))}
        <span className="hint">
          Custom fields: <code>{customFieldPattern}</code>; a fallback:{' '}
          <code>{'{{company | "your team"}}'}</code>
        </span>
      </div>
      <TextAreaField label="Text body" rows={6} {...template('textBody')} />
      <TextAreaField
        label="HTML body"
        rows={6}
        hint="Optional: with it the email is sent as HTML with the text body as its plain alternative."
        {...template('htmlBody')}
      />
      {errors.other && (
        <p className="field-error" role="alert">
          {errors.other}
        </p>
      )}
    </li>
  );
}
