import { DomainError } from '@coldreach/errors';
import { decodePageToken, encodePageToken, listingFingerprint, pageOf, readPageRequest } from './page-token';

const position = { time: new Date('2025-01-14T10:00:00.123Z'), id: '6f9619ff-8b86-4011-b42d-00c04fc964ff' };

describe('page tokens', () => {
  const fingerprint = listingFingerprint(['campaigns', 'w', [], '']);

  it('round-trip the position of the listing they were issued for', () => {
    expect(decodePageToken(encodePageToken(position, fingerprint), fingerprint)).toEqual(position);
  });

  it('refuse another listing, and anything not issued by us', () => {
    const token = encodePageToken(position, fingerprint);
    const other = listingFingerprint(['campaigns', 'w', ['draft'], '']);
    for (const [bad, fp] of [
      [token, other],
      ['not a token', fingerprint],
      [Buffer.from('{"t":1,"i":"x","f":"y"}').toString('base64url'), fingerprint],
    ] as const) {
      expect(() => decodePageToken(bad, fp)).toThrow(DomainError);
    }
  });

  it('size pages: 0 is the default, the maximum caps, negative is refused', () => {
    expect(readPageRequest({ pageSize: 0, pageToken: '' }, fingerprint).pageSize).toBe(50);
    expect(readPageRequest({ pageSize: 9999, pageToken: '' }, fingerprint).pageSize).toBe(500);
    expect(() => readPageRequest({ pageSize: -1, pageToken: '' }, fingerprint)).toThrow('page_size');
  });

  it('give a next token only when a further row was fetched', () => {
    const rows = [1, 2, 3].map((n) => ({ n }));
    const at = () => position;
    expect(pageOf(rows, 3, at, fingerprint).nextPageToken).toBe('');
    const page = pageOf(rows, 2, at, fingerprint);
    expect(page.items).toEqual([{ n: 1 }, { n: 2 }]);
    expect(page.nextPageToken).not.toBe('');
  });
});
