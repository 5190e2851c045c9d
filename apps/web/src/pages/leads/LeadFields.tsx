import { ApiError } from '../../api/problem';
import { TextAreaField, TextField } from '../../ui/Field';
import { leadTextFields, type LeadFormValues } from './lead-form';

const ownFields = ['email', ...leadTextFields.map(([field]) => field)];

/** The API's errors about a field, its items (`tags[2]`) and keys (`customFields.x`) included. */
function errorsOf(error: unknown, field: string): { field: string; message: string }[] {
  if (!(error instanceof ApiError)) return [];
  return error
    .otherFieldErrors([])
    .filter(
      (entry) =>
        entry.field === field || entry.field.startsWith(`${field}[`) || entry.field.startsWith(`${field}.`),
    );
}

/** The field names of an error these inputs show beside themselves (for ProblemMessage's `claimed`). */
export function leadFieldsClaimed(error: unknown): string[] {
  const lists = [...errorsOf(error, 'tags'), ...errorsOf(error, 'customFields')];
  return [...ownFields, ...lists.map((entry) => entry.field)];
}

/**
 * The inputs of a lead (the email only when creating: it is the lead's identity), each with the API's
 * errors about it beside it: a tag or custom field the API refuses is named in the list's message.
 */
export function LeadFields({
  values,
  onChange,
  error,
  withEmail,
}: {
  values: LeadFormValues;
  onChange: (values: LeadFormValues) => void;
  error: unknown;
  withEmail: boolean;
}) {
  const fieldError = (field: string) => (error instanceof ApiError ? error.fieldError(field) : undefined);
  // A list's errors name the item or key: "customFields.2x: must start with a letter…".
  const listError = (field: string) => {
    const entries = errorsOf(error, field);
    if (entries.length === 0) return undefined;
    return entries
      .map((entry) => {
        const item = entry.field.slice(field.length).replace(/^\./, '');
        return item === '' ? entry.message : `${item}: ${entry.message}`;
      })
      .join(' ');
  };
  const set = (field: keyof LeadFormValues) => (event: { target: { value: string } }) =>
    onChange({ ...values, [field]: event.target.value });
  return (
    <>
      <div className="form-row">
        {withEmail && (
          <TextField
            label="Email"
            type="email"
            required
            autoComplete="off"
            value={values.email}
            onChange={set('email')}
            error={fieldError('email')}
          />
        )}
        {leadTextFields.map(([field, label]) => (
          <TextField
            key={field}
            label={label}
            value={values[field]}
            onChange={set(field)}
            error={fieldError(field)}
          />
        ))}
      </div>
      <div className="form-row">
        <TextField
          label="Tags"
          hint="Separated by commas."
          value={values.tags}
          onChange={set('tags')}
          error={listError('tags')}
        />
        <TextAreaField
          label="Custom fields"
          hint="One per line, as key: value (keys are letters, digits and _)."
          rows={3}
          value={values.customFields}
          onChange={set('customFields')}
          error={listError('customFields')}
        />
      </div>
    </>
  );
}
