import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import { useSession } from '../../session/session';
import { TextField } from '../../ui/Field';
import { fieldBinding } from '../../ui/field-binding';
import { FormProblem } from '../../ui/FormProblem';
import { emptyPasswordForm, passwordFormErrors, type PasswordForm } from './password-form';

/**
 * Current + new + confirmation → POST /api/account/password. The server answers a new session (every
 * other one of the user's is revoked), which replaces this one so this tab stays signed in.
 */
export function ChangePasswordForm() {
  const { replace } = useSession();
  const [form, setForm] = useState<PasswordForm>(emptyPasswordForm);
  const [checked, setChecked] = useState(false);
  const change = useMutation({
    mutationFn: (body: { currentPassword: string; newPassword: string }) =>
      unwrap(api.POST('/api/account/password', { body })),
    onSuccess: (session) => {
      setForm(emptyPasswordForm);
      setChecked(false);
      replace(session);
    },
  });
  const local = checked ? passwordFormErrors(form) : {};
  const apiError = change.error instanceof ApiError ? change.error : null;
  const input = fieldBinding(form, setForm, (field) => local[field] ?? apiError?.fieldError(field));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setChecked(true);
    if (Object.keys(passwordFormErrors(form)).length > 0) return;
    change.mutate({ currentPassword: form.currentPassword, newPassword: form.newPassword });
  };

  return (
    <form className="card narrow" onSubmit={submit} noValidate aria-labelledby="password-heading">
      <h2 id="password-heading">Change password</h2>
      {change.isSuccess && (
        <p className="notice" role="status">
          Your password was changed. Every other session of yours (other browsers and devices) was signed out;
          this one stays signed in.
        </p>
      )}
      <TextField
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
        {...input('currentPassword')}
      />
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        required
        hint="10 to 200 characters. A long phrase is easier to remember and harder to guess."
        {...input('newPassword')}
      />
      <TextField
        label="Confirm password"
        type="password"
        autoComplete="new-password"
        required
        {...input('confirmPassword')}
      />
      <FormProblem
        error={change.error}
        claimed={['currentPassword', 'newPassword']}
        what="The password was not changed"
      />
      <button type="submit" className="primary" disabled={change.isPending}>
        Change password
      </button>
    </form>
  );
}
