import { isUuid } from '@coldreach/ids';
import { DomainError, type FieldViolation } from '@coldreach/errors';
import {
  decodePageToken,
  defaultPageSize,
  encodePageToken,
  listingFingerprint,
  maxPageSize,
  pageOf,
  readPageRequest,
} from './page-token';

const position = { time: new Date('2025-01-14T10:00:00.123Z'), key: '6f9619ff-8b86-4011-b42d-00c04fc964ff' };
const fingerprint = listingFingerprint(['campaigns', 'w', [], '']);

function violationsOf(run: () => unknown): FieldViolation[] {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid_argument');
    return (error as DomainError).violations;
  }
  throw new Error('expected INVALID_ARGUMENT');
}

const notValid = [{ field: 'page_token', message: 'is not a valid page token' }];

function handMade(body: unknown): string {
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

describe('page tokens', () => {
  it('round-trip the position of the listing they were issued for', () => {
    const token = encodePageToken(position, fingerprint);
    expect(decodePageToken(token, fingerprint, { key: isUuid })).toEqual(position);
    const byAddress = { time: new Date('2025-01-02T03:04:05.678Z'), key: 'jane@example.com' };
    expect(decodePageToken(encodePageToken(byAddress, 'f1'), 'f1')).toEqual(byAddress);
  });

  it('refuse a token of another listing or filter', () => {
    const token = encodePageToken(position, fingerprint);
    const other = listingFingerprint(['campaigns', 'w', ['draft'], '']);
    expect(other).not.toBe(fingerprint);
    expect(violationsOf(() => decodePageToken(token, other))).toEqual([
      { field: 'page_token', message: 'was issued for a different filter; start again without it' },
    ]);
  });

  it('refuse anything not issued by us, naming page_token', () => {
    const token = encodePageToken(position, fingerprint);
    for (const bad of [
      token.slice(0, -3),
      'garbage!',
      'not a token',
      Buffer.from('null').toString('base64url'),
      'e30',
      handMade({ t: -1, k: 'x', f: fingerprint }),
      handMade({ t: 1.5, k: 'x', f: fingerprint }),
      handMade({ t: 1, k: '', f: fingerprint }),
      handMade({ t: 1, i: position.key, f: fingerprint }),
      handMade({ t: 1, k: 'x', f: 7 }),
      'A'.repeat(1025),
    ]) {
      expect(violationsOf(() => decodePageToken(bad, fingerprint))).toEqual(notValid);
    }
  });

  it('refuse a key the listing could not have issued', () => {
    const edited = handMade({ t: position.time.getTime(), k: 'not-a-uuid', f: fingerprint });
    expect(violationsOf(() => decodePageToken(edited, fingerprint, { key: isUuid }))).toEqual(notValid);
    expect(decodePageToken(edited, fingerprint).key).toBe('not-a-uuid');
  });
});

describe('readPageRequest', () => {
  it('sizes pages: 0 is the default, the maximum caps', () => {
    expect(readPageRequest({ pageSize: 0, pageToken: '' }, fingerprint).pageSize).toBe(defaultPageSize);
    expect(defaultPageSize).toBe(50);
    expect(readPageRequest({ pageSize: 7, pageToken: '' }, fingerprint).pageSize).toBe(7);
    expect(readPageRequest({ pageSize: 9999, pageToken: '' }, fingerprint).pageSize).toBe(maxPageSize);
    expect(maxPageSize).toBe(500);
  });

  it('refuses a negative size after the caller’s own problems', () => {
    expect(violationsOf(() => readPageRequest({ pageSize: -1, pageToken: '' }, fingerprint))).toEqual([
      { field: 'page_size', message: 'must not be negative' },
    ]);
    const violations = [{ field: 'filter.query', message: 'must be at most 200 characters' }];
    expect(
      violationsOf(() => readPageRequest({ pageSize: -1, pageToken: '' }, fingerprint, { violations })),
    ).toEqual([violations[0], { field: 'page_size', message: 'must not be negative' }]);
  });

  it('starts after the token’s position, with the listing’s key check', () => {
    const pageToken = encodePageToken(position, fingerprint);
    expect(readPageRequest({ pageSize: 0, pageToken: '' }, fingerprint).after).toBeUndefined();
    expect(readPageRequest({ pageSize: 0, pageToken }, fingerprint, { key: isUuid }).after).toEqual(position);
    const byAddress = encodePageToken({ ...position, key: 'jane@example.com' }, fingerprint);
    expect(
      violationsOf(() =>
        readPageRequest({ pageSize: 0, pageToken: byAddress }, fingerprint, { key: isUuid }),
      ),
    ).toEqual(notValid);
  });
});

describe('pageOf', () => {
  it('gives a next token only when a further row was fetched', () => {
    const rows = [1, 2, 3].map((n) => ({ n }));
    const at = (row: { n: number }) => ({ time: position.time, key: `${row.n}` });
    expect(pageOf(rows, 3, at, fingerprint)).toEqual({ items: rows, nextPageToken: '' });
    const page = pageOf(rows, 2, at, fingerprint);
    expect(page.items).toEqual([{ n: 1 }, { n: 2 }]);
    expect(decodePageToken(page.nextPageToken, fingerprint)).toEqual({ time: position.time, key: '2' });
  });
});
