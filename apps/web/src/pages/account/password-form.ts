/** The change-password form as typed. */
export interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

export const emptyPasswordForm: PasswordForm = { currentPassword: '', newPassword: '', confirmPassword: '' };

/**
 * What the form can tell before asking the API: a field left empty, a confirmation that differs.
 * The API judges the rest (the current password, the new one's length) and says so per field.
 */
export function passwordFormErrors(form: PasswordForm): Partial<Record<keyof PasswordForm, string>> {
  const errors: Partial<Record<keyof PasswordForm, string>> = {};
  if (form.currentPassword === '') errors.currentPassword = 'Enter the password you signed in with.';
  if (form.newPassword === '') errors.newPassword = 'Enter a new password.';
  if (form.confirmPassword !== form.newPassword)
    errors.confirmPassword = 'This is not the same as the new password.';
  return errors;
}
