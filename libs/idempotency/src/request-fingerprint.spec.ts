import { canonicalJson, requestFingerprint } from './request-fingerprint';

describe('requestFingerprint', () => {
  const base = {
    method: 'POST',
    path: '/api/campaigns',
    body: { name: 'Q3', steps: [1, 2], nested: { b: 1, a: 2 } },
  };

  it('ignores the order of object keys, not the order of array items', () => {
    const reordered = {
      method: 'post',
      path: '/api/campaigns',
      body: { nested: { a: 2, b: 1 }, steps: [1, 2], name: 'Q3' },
    };
    expect(requestFingerprint(reordered)).toBe(requestFingerprint(base));
    expect(requestFingerprint({ ...base, body: { ...base.body, steps: [2, 1] } })).not.toBe(
      requestFingerprint(base),
    );
  });

  it('changes with the method, the path or any value', () => {
    const fingerprint = requestFingerprint(base);
    expect(requestFingerprint({ ...base, method: 'PATCH' })).not.toBe(fingerprint);
    expect(requestFingerprint({ ...base, path: '/api/campaigns?x=1' })).not.toBe(fingerprint);
    expect(requestFingerprint({ ...base, body: { ...base.body, name: 'Q4' } })).not.toBe(fingerprint);
    expect(requestFingerprint({ ...base, body: { ...base.body, name: 5 } })).not.toBe(fingerprint);
  });

  it('tells no body, an empty object, text and bytes apart', () => {
    const of = (body: unknown) => requestFingerprint({ method: 'POST', path: '/x', body });
    const all = [of(undefined), of({}), of(''), of('{}'), of(Buffer.from('{}')), of(null)];
    expect(new Set(all).size).toBe(all.length);
    expect(of(Buffer.from('abc'))).toBe(of(new Uint8Array(Buffer.from('abc'))));
  });

  it('is a SHA-256 in hex', () => {
    expect(requestFingerprint(base)).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined members', () => {
    expect(canonicalJson({ b: [{ d: 1, c: undefined, a: null }], a: 'x' })).toBe(
      '{"a":"x","b":[{"a":null,"d":1}]}',
    );
  });

  it('writes what JSON.stringify writes when keys are already sorted, empty containers included', () => {
    const value = { a: [1, 'two', null, true, [], {}], b: { c: { d: [[{ e: -1.5 }]] } }, f: '\u0000"' };
    expect(canonicalJson(value)).toBe(JSON.stringify(value));
    expect(canonicalJson([undefined, 1])).toBe('[null,1]');
    expect(canonicalJson(undefined)).toBe('null');
  });

  it('takes a body nested 100,000 levels deep without overflowing the stack', () => {
    const depth = 100_000;
    const deep = JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`) as unknown;
    expect(canonicalJson(deep)).toBe(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    const objects = JSON.parse(`${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`) as unknown;
    expect(canonicalJson(objects)).toHaveLength(depth * 6 + 1);
  });
});
