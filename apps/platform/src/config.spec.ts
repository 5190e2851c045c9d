import { readPlatformConfig } from './config';

const cidrsOf = (env: NodeJS.ProcessEnv) =>
  readPlatformConfig(env).SMTP_ALLOWED_PRIVATE_CIDRS.map((cidr) => cidr.text);

describe('readPlatformConfig: SMTP_ALLOWED_PRIVATE_CIDRS', () => {
  it('allows loopback when unset (one person on their own machine)', () => {
    expect(cidrsOf({})).toEqual(['127.0.0.0/8', '::1/128']);
  });

  it('takes the value when set, an empty one meaning public addresses only', () => {
    expect(cidrsOf({ SMTP_ALLOWED_PRIVATE_CIDRS: '' })).toEqual([]);
    expect(cidrsOf({ SMTP_ALLOWED_PRIVATE_CIDRS: '192.168.1.0/24' })).toEqual(['192.168.1.0/24']);
  });

  it('names the variable when an entry is not a CIDR', () => {
    expect(() => readPlatformConfig({ SMTP_ALLOWED_PRIVATE_CIDRS: 'localhost' })).toThrow(
      'SMTP_ALLOWED_PRIVATE_CIDRS: "localhost" is not a CIDR',
    );
  });
});
