import { isValidIdempotencyKey } from './idempotency-key';

describe('isValidIdempotencyKey', () => {
  it.each(['a', 'x'.repeat(255), 'order-42:retry/1', '550e8400-e29b-41d4-a716-446655440000', '~!'])(
    'accepts %s',
    (key) => expect(isValidIdempotencyKey(key)).toBe(true),
  );
  it.each(['', 'x'.repeat(256), 'has space', 'tab\there', 'new\nline', 'é', '\u0000'])('refuses %j', (key) =>
    expect(isValidIdempotencyKey(key)).toBe(false),
  );
});
