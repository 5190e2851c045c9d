import { parseBearerToken } from './parse-bearer-token';

describe('parseBearerToken', () => {
  const token = 'crk_abc-DEF_123';

  it('returns the token of a Bearer header, whatever the case of the scheme', () => {
    expect(parseBearerToken(`Bearer ${token}`)).toBe(token);
    expect(parseBearerToken(`bearer ${token}`)).toBe(token);
    expect(parseBearerToken(`BEARER ${token}`)).toBe(token);
    expect(parseBearerToken(`Bearer   ${token}  `)).toBe(token);
    expect(parseBearerToken('Bearer abc+/==')).toBe('abc+/==');
  });

  it('returns null for anything else', () => {
    for (const header of [
      undefined,
      '',
      'Bearer',
      'Bearer ',
      token,
      `Basic ${token}`,
      `Bearer ${token} extra`,
      `Bearer ${token},other`,
      `Bearer\t${token}`,
      `Bearer ${token}\nX: y`,
      'Bearer a=b',
      `Token ${token}`,
      `Bearer: ${token}`,
    ]) {
      expect(parseBearerToken(header)).toBeNull();
    }
  });
});
