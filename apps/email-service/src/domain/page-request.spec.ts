import { DomainError } from '@coldreach/errors';
import { pageQuery, toPage } from './page-request';

function rejectedFields(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return (error as DomainError).violations.map((v) => v.field);
  }
  throw new Error('expected INVALID_ARGUMENT');
}

/** The token a listing of `scope` issues after a row keyed `key`. */
function tokenAfter(key: string, scope: readonly unknown[]): string {
  const query = pageQuery({ pageSize: 1, pageToken: '' }, scope);
  const rows = [key, 'next'];
  return toPage(rows, query, (row) => ({ time: new Date('2025-01-02T03:04:05.678Z'), key: row }))
    .nextPageToken;
}

describe('pageQuery', () => {
  const mailbox = '6f9619ff-8b86-4011-b42d-00c04fc964ff';

  it('defaults, caps and refuses page sizes', () => {
    expect(pageQuery({ pageSize: 0, pageToken: '' }, ['x']).pageSize).toBe(50);
    expect(pageQuery({ pageSize: 9999, pageToken: '' }, ['x']).pageSize).toBe(500);
    expect(() => pageQuery({ pageSize: -1, pageToken: '' }, ['x'])).toThrow('page_size');
  });

  it('starts after the token of the same listing, and refuses another listing’s', () => {
    const pageToken = tokenAfter(mailbox, ['mailboxes', 'w1']);
    expect(pageQuery({ pageSize: 0, pageToken }, ['mailboxes', 'w1']).after?.key).toBe(mailbox);
    expect(rejectedFields(() => pageQuery({ pageSize: 0, pageToken }, ['mailboxes', 'w2']))).toEqual([
      'page_token',
    ]);
  });

  it('takes UUID keys, or addresses when uuidKeys is false', () => {
    const scope = ['suppressions', 'w1'];
    const byAddress = tokenAfter('jane@example.com', scope);
    expect(rejectedFields(() => pageQuery({ pageSize: 0, pageToken: byAddress }, scope))).toEqual([
      'page_token',
    ]);
    const options = { uuidKeys: false };
    expect(pageQuery({ pageSize: 0, pageToken: byAddress }, scope, options).after?.key).toBe(
      'jane@example.com',
    );
    const tooLong = tokenAfter(`${'a'.repeat(310)}@example.com`, scope);
    expect(rejectedFields(() => pageQuery({ pageSize: 0, pageToken: tooLong }, scope, options))).toEqual([
      'page_token',
    ]);
  });
});
