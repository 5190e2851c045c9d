/** The longest Idempotency-Key accepted. */
export const maxIdempotencyKeyLength = 255;

// Visible ASCII only (RFC 5234 VCHAR): keys are logged-safe and compare byte for byte.
const keyPattern = new RegExp(`^[\\x21-\\x7e]{1,${maxIdempotencyKeyLength}}$`);

/** True for a key of 1 to 255 visible ASCII characters (no spaces, no control characters). */
export function isValidIdempotencyKey(key: string): boolean {
  return keyPattern.test(key);
}
