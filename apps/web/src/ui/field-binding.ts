/**
 * The props that tie a text control (TextField, TextAreaField, SelectField) to one field of a form
 * held in state as typed, with the error to show beside it.
 */
export function fieldBinding<Form extends object>(
  form: Form,
  setForm: (next: Form) => void,
  errorOf: (field: keyof Form) => string | undefined,
) {
  return (field: keyof Form) => ({
    value: form[field] as string,
    error: errorOf(field),
    onChange: (event: { target: { value: string } }) => setForm({ ...form, [field]: event.target.value }),
  });
}
