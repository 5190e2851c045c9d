import { ApiError } from '../../api/problem';
import { TextAreaField, TextField } from '../../ui/Field';
import { leadTextFields, type LeadFormValues } from './lead-form';

/** The fields these inputs answer for: the API's errors about them are shown beside them. */
export const leadFormFields = ['email', ...leadTextFields.map(([field]) => field), 'tags', 'customFields'];

/**
 * The inputs of a lead (the email only when creating: it is the lead's identity). Errors come from
 * the API's problem, by field; custom-field keys it refuses are named in its general message.
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
          error={fieldError('tags')}
        />
        <TextAreaField
          label="Custom fields"
          hint="One per line, as key: value (keys are letters, digits and _)."
          rows={3}
          value={values.customFields}
          onChange={set('customFields')}
          error={fieldError('customFields')}
        />
      </div>
    </>
  );
}
