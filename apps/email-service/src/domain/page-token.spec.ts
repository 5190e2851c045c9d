import { DomainError } from '@coldreach/errors';
import { pageQuery } from './page-request';
import { decodePageToken, encodePageToken } from './page-token';

describe('page tokens', () => {
  const position = { time: new Date('2025-01-02T03:04:05.678Z'), key: 'jane@example.com' };

  it('round-trips a position for the same listing', () => {
    expect(decodePageToken(encodePageToken(position, 'f1'), 'f1')).toEqual(position);
  });

  it('refuses a token of another filter, and garbage, naming page_token', () => {
    for (const [token, fingerprint] of [
      [encodePageToken(position, 'f1'), 'f2'],
      ['not a token!', 'f1'],
      [Buffer.from('{"t":-1,"k":"x","f":"f1"}').toString('base64url'), 'f1'],
    ] as const) {
      expect(() => decodePageToken(token, fingerprint)).toThrow(DomainError);
      try {
        decodePageToken(token, fingerprint);
      } catch (error) {
        expect((error as DomainError).violations.map((v) => v.field)).toEqual(['page_token']);
      }
    }
  });

  it('defaults, caps and refuses page sizes', () => {
    expect(pageQuery({ pageSize: 0, pageToken: '' }, ['x']).pageSize).toBe(50);
    expect(pageQuery({ pageSize: 9999, pageToken: '' }, ['x']).pageSize).toBe(500);
    expect(() => pageQuery({ pageSize: -1, pageToken: '' }, ['x'])).toThrow('page_size');
  });
});
