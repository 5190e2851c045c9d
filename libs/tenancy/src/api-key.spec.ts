import { displayPrefixOf, generateApiKey, hashApiKey, looksLikeApiKey } from './api-key';

describe('API keys', () => {
  it('have the recognisable prefix and 256 random bits, base64url', () => {
    const key = generateApiKey();
    expect(key).toMatch(/^crk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice(4), 'base64url')).toHaveLength(32);
  });

  it('are different every time', () => {
    const keys = new Set(Array.from({ length: 1000 }, generateApiKey));
    expect(keys.size).toBe(1000);
  });

  it('hash to a stable SHA-256 hex digest that does not contain the key', () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).toBe(hashApiKey(key));
    expect(hashApiKey(key)).not.toBe(hashApiKey(generateApiKey()));
    expect(hashApiKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('show only their first 12 characters', () => {
    const key = generateApiKey();
    expect(displayPrefixOf(key)).toBe(key.slice(0, 12));
    expect(displayPrefixOf(key).startsWith('crk_')).toBe(true);
  });

  it('are recognised by shape, and garbage is not', () => {
    expect(looksLikeApiKey(generateApiKey())).toBe(true);
    const key = generateApiKey();
    for (const bad of [
      '',
      'crk_',
      key.slice(0, -1),
      `${key}A`,
      key.replace('crk_', 'CRK_'),
      key.replace('crk_', 'sk_'),
      `${key.slice(0, 10)}+${key.slice(11)}`,
      `${key.slice(0, 10)}=${key.slice(11)}`,
      ` ${key}`,
      `${key}\n`,
    ]) {
      expect(looksLikeApiKey(bad)).toBe(false);
    }
  });
});
