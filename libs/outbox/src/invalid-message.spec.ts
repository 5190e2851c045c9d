import { QueryFailedError } from 'typeorm';
import { DomainError, invalidArgument } from '@coldreach/errors';
import { invalidMessage, isDeterministicFailure } from './invalid-message';

const pgError = (code: string) =>
  new QueryFailedError('SELECT 1', [], Object.assign(new Error(`pg ${code}`), { code }));

describe('isDeterministicFailure', () => {
  it.each([
    { name: 'an invalid message', error: invalidMessage('workspace_id must be a UUID'), deterministic: true },
    {
      name: 'a domain INVALID_ARGUMENT',
      error: invalidArgument([{ field: 'email', message: 'is required' }]),
      deterministic: true,
    },
    { name: 'invalid input syntax for type uuid (22P02)', error: pgError('22P02'), deterministic: true },
    { name: 'a NUL in text (22021)', error: pgError('22021'), deterministic: true },
    { name: 'a value too long (22001)', error: pgError('22001'), deterministic: true },
    {
      name: 'a PGlite error with its code on the error itself',
      error: Object.assign(new Error('x'), { code: '22P02' }),
      deterministic: true,
    },
    {
      name: 'a unique violation, which a concurrent writer may cause (23505)',
      error: pgError('23505'),
      deterministic: false,
    },
    { name: 'a serialization failure (40001)', error: pgError('40001'), deterministic: false },
    { name: 'a deadlock (40P01)', error: pgError('40P01'), deterministic: false },
    {
      name: 'a lost connection',
      error: Object.assign(new Error('Connection terminated'), { code: 'ECONNRESET' }),
      deterministic: false,
    },
    { name: 'the database shutting down (57P01)', error: pgError('57P01'), deterministic: false },
    {
      name: 'a domain UNAVAILABLE',
      error: new DomainError('unavailable', 'client service down'),
      deterministic: false,
    },
    {
      name: 'a domain NOT_FOUND (may be a race)',
      error: new DomainError('not_found', 'x not found'),
      deterministic: false,
    },
    { name: 'a plain error', error: new Error('boom'), deterministic: false },
    { name: 'a thrown string', error: 'boom', deterministic: false },
    { name: 'undefined', error: undefined, deterministic: false },
  ])('$name → $deterministic', ({ error, deterministic }) => {
    expect(isDeterministicFailure(error)).toBe(deterministic);
  });
});
