import { randomBytes } from 'node:crypto';
import { DomainError } from '@coldreach/errors';
import fc from 'fast-check';
import { createUnsubscribeToken, verifyUnsubscribeToken } from './unsubscribe-token';

const secret = randomBytes(32);
const issuedAt = new Date('2025-03-01T12:00:00.000Z');
const payload = {
  workspaceId: '0b6a1d2e-6f51-4c51-9d0c-3f1f6a7b8c9d',
  clientId: '5c8e2b1a-0d4f-4e6a-8b7c-1a2b3c4d5e6f',
  deliveryId: 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b',
  issuedAt,
};
const days = (count: number): Date => new Date(issuedAt.getTime() + count * 86_400_000);

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid_argument');
    expect((error as DomainError).violations[0]?.field).toBe('token');
    return (error as DomainError).message;
  }
  throw new Error('expected the token to be refused');
}

describe('unsubscribe tokens', () => {
  const token = createUnsubscribeToken(payload, secret);

  it('are URL-safe and verify back to their payload', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(encodeURIComponent(token)).toBe(token);
    expect(verifyUnsubscribeToken(token, secret, { now: days(1) })).toEqual(payload);
  });

  it('keep the issue time to the second', () => {
    const withMillis = createUnsubscribeToken(
      { ...payload, issuedAt: new Date('2025-03-01T12:00:00.987Z') },
      secret,
    );
    expect(verifyUnsubscribeToken(withMillis, secret, { now: days(1) }).issuedAt).toEqual(issuedAt);
  });

  it('carry no address and no secret', () => {
    const decoded = Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8');
    expect(decoded).not.toContain('@');
    expect(token).not.toContain(secret.toString('base64url'));
    expect(Object.keys(JSON.parse(decoded))).toEqual(['v', 'w', 'c', 'd', 't']);
  });

  it('stay valid at least 30 days, and by default 60 days', () => {
    expect(verifyUnsubscribeToken(token, secret, { now: days(30) }).clientId).toBe(payload.clientId);
    expect(verifyUnsubscribeToken(token, secret, { now: days(60) }).clientId).toBe(payload.clientId);
    expect(refusal(() => verifyUnsubscribeToken(token, secret, { now: days(60.001) }))).toBe(
      'token: the unsubscribe token has expired',
    );
    expect(verifyUnsubscribeToken(token, secret, { now: days(89), maxAgeDays: 90 }).clientId).toBe(
      payload.clientId,
    );
    expect(() => verifyUnsubscribeToken(token, secret, { now: days(1), maxAgeDays: 29 })).toThrow(
      expect.objectContaining({ code: 'internal' }),
    );
  });

  it('tolerate a few minutes of clock skew, not more', () => {
    expect(verifyUnsubscribeToken(token, secret, { now: new Date(issuedAt.getTime() - 60_000) })).toEqual(
      payload,
    );
    expect(refusal(() => verifyUnsubscribeToken(token, secret, { now: days(-1) }))).toBe(
      'token: the unsubscribe token was issued in the future',
    );
  });

  it('signed with another secret are refused, and an old secret still verifies during a rotation', () => {
    const newSecret = randomBytes(32);
    expect(refusal(() => verifyUnsubscribeToken(token, newSecret, { now: days(1) }))).toBe(
      'token: the unsubscribe token has an invalid signature',
    );
    expect(verifyUnsubscribeToken(token, [newSecret, secret], { now: days(1) })).toEqual(payload);
  });

  it('are refused when garbage', () => {
    const [body, mac] = token.split('.') as [string, string];
    const forged = Buffer.from(JSON.stringify({ v: 1, w: 'other', c: 'x', d: 'y', t: 1 })).toString(
      'base64url',
    );
    for (const bad of [
      '',
      '.',
      token.replace('.', ''),
      `${token}.`,
      ` ${token}`,
      `${body}.${mac}A`,
      `${forged}.${mac}`,
    ]) {
      refusal(() => verifyUnsubscribeToken(bad, secret, { now: days(1) }));
    }
    refusal(() => verifyUnsubscribeToken(`${'A'.repeat(2000)}.${mac}`, secret, { now: days(1) }));
    refusal(() => verifyUnsubscribeToken(42 as unknown as string, secret, { now: days(1) }));
  });

  it('with any single character changed fail verification', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ ';
    fc.assert(
      fc.property(
        fc.nat({ max: token.length - 1 }),
        fc.constantFrom(...alphabet.split('')),
        (index, replacement) => {
          fc.pre(token[index] !== replacement);
          const tampered = token.slice(0, index) + replacement + token.slice(index + 1);
          refusal(() => verifyUnsubscribeToken(tampered, secret, { now: days(1) }));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('flip every last character of the MAC without verifying (no non-canonical base64url)', () => {
    for (const replacement of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') {
      const tampered = token.slice(0, -1) + replacement;
      if (tampered !== token) refusal(() => verifyUnsubscribeToken(tampered, secret, { now: days(1) }));
    }
  });

  it('round-trip any ids', () => {
    const id = fc.string({ minLength: 1, maxLength: 200 });
    fc.assert(
      fc.property(
        id,
        id,
        id,
        fc.date({ min: new Date(0), max: new Date('2100-01-01'), noInvalidDate: true }),
        (w, c, d, at) => {
          const issued = new Date(Math.floor(at.getTime() / 1000) * 1000);
          const value = { workspaceId: w, clientId: c, deliveryId: d, issuedAt: issued };
          expect(
            verifyUnsubscribeToken(createUnsubscribeToken(value, secret), secret, { now: issued }),
          ).toEqual(value);
        },
      ),
    );
  });

  it('refuse short secrets and empty ids when created', () => {
    expect(() => createUnsubscribeToken(payload, 'too-short')).toThrow(
      expect.objectContaining({ code: 'internal' }),
    );
    expect(() => createUnsubscribeToken({ ...payload, clientId: '' }, secret)).toThrow(
      expect.objectContaining({ code: 'invalid_argument' }),
    );
  });
});
