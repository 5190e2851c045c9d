import { emptyPasswordForm, passwordFormErrors } from './password-form';

describe('the change-password form before it is sent', () => {
  it.each([
    [
      'a complete form',
      { currentPassword: 'old', newPassword: 'long enough!', confirmPassword: 'long enough!' },
      {},
    ],
    [
      'an empty form',
      emptyPasswordForm,
      { currentPassword: 'Enter the password you signed in with.', newPassword: 'Enter a new password.' },
    ],
    [
      'a confirmation that differs',
      { currentPassword: 'old', newPassword: 'long enough!', confirmPassword: 'long enough' },
      { confirmPassword: 'This is not the same as the new password.' },
    ],
    // Length is the API's to judge: it names the limit.
    ['a short new password', { currentPassword: 'old', newPassword: 'short', confirmPassword: 'short' }, {}],
  ])('%s', (_name, form, expected) => {
    expect(passwordFormErrors(form)).toEqual(expected);
  });
});
