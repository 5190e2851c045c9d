import { parseAllowedCidrs } from './allowed-cidrs';

describe('parseAllowedCidrs', () => {
  it('reads comma-separated CIDRs and bare addresses, ignoring blanks', () => {
    const parsed = parseAllowedCidrs(' 10.0.0.0/8, ,fd00::/8,192.168.1.7,::1 ');
    expect(parsed.ok && parsed.cidrs.map((cidr) => cidr.text)).toEqual([
      '10.0.0.0/8',
      'fd00::/8',
      '192.168.1.7/32',
      '::1/128',
    ]);
  });

  it('reads an empty value as "nothing internal"', () => {
    expect(parseAllowedCidrs('')).toEqual({ ok: true, cidrs: [] });
    expect(parseAllowedCidrs(' , ')).toEqual({ ok: true, cidrs: [] });
  });

  it.each(['10.0.0.0/33', '10.0.0/8', '0x0a.0.0.0/8', 'mailpit', '10.0.0.0/', 'fd00::/129', '10.0.0.0/8/1'])(
    'refuses %j naming the entry',
    (entry) => {
      const parsed = parseAllowedCidrs(`127.0.0.0/8,${entry}`);
      expect(parsed).toEqual({ ok: false, problem: expect.stringContaining(`"${entry}" is not a CIDR`) });
    },
  );
});
