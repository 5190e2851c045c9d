/**
 * The address with its local part hidden but for the first character, e.g. `j***@example.com`, for
 * a public page that must confirm whom it unsubscribed without disclosing the address.
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 0) return '***';
  const first = Array.from(email.slice(0, at))[0] ?? '';
  return `${first}***${email.slice(at)}`;
}
