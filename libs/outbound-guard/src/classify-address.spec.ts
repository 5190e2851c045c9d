import { classifyAddress } from './classify-address';

describe('classifyAddress', () => {
  it.each([
    // [text, canonical address, range of the decisive address, standing]
    ['127.0.0.1', '127.0.0.1', 'loopback', 'listable'],
    ['2130706433', '127.0.0.1', 'loopback', 'listable'],
    ['0x7f000001', '127.0.0.1', 'loopback', 'listable'],
    ['0x7f.1', '127.0.0.1', 'loopback', 'listable'],
    ['0177.0.0.1', '127.0.0.1', 'loopback', 'listable'],
    ['017700000001', '127.0.0.1', 'loopback', 'listable'],
    ['0x7f.0x0.0x0.0x1', '127.0.0.1', 'loopback', 'listable'],
    ['127.000.000.001', '127.0.0.1', 'loopback', 'listable'],
    ['127.1', '127.0.0.1', 'loopback', 'listable'],
    [' 127.0.0.1 ', '127.0.0.1', 'loopback', 'listable'],
    ['::1', '::1', 'loopback', 'listable'],
    ['[::1]', '::1', 'loopback', 'listable'],
    ['0:0:0:0:0:0:0:1', '::1', 'loopback', 'listable'],
    ['::ffff:127.0.0.1', '::ffff:7f00:1', 'loopback', 'listable'],
    ['::ffff:7f00:1', '::ffff:7f00:1', 'loopback', 'listable'],
    ['[::ffff:10.0.0.5]', '::ffff:a00:5', 'private', 'listable'],
    ['::ffff:0:10.0.0.5', '::ffff:0:a00:5', 'private', 'listable'],
    ['64:ff9b::10.0.0.5', '64:ff9b::a00:5', 'private', 'listable'],
    ['64:ff9b::8.8.8.8', '64:ff9b::808:808', 'unicast', 'public'],
    ['64:ff9b:1::1', '64:ff9b:1::1', 'rfc6052', 'listable'],
    ['2002:7f00:1::1', '2002:7f00:1::1', 'loopback', 'listable'],
    ['2002:a9fe:a9fe::1', '2002:a9fe:a9fe::1', 'linkLocal', 'metadata'],
    ['2002:808:808::1', '2002:808:808::1', 'unicast', 'public'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', '2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo', 'listable'],
    ['10.0.0.5', '10.0.0.5', 'private', 'listable'],
    ['10.1', '10.0.0.1', 'private', 'listable'],
    ['172.16.0.1', '172.16.0.1', 'private', 'listable'],
    ['172.31.255.255', '172.31.255.255', 'private', 'listable'],
    ['192.168.1.1', '192.168.1.1', 'private', 'listable'],
    ['0xc0a80101', '192.168.1.1', 'private', 'listable'],
    ['fc00::1', 'fc00::1', 'uniqueLocal', 'listable'],
    ['fd12:3456::1', 'fd12:3456::1', 'uniqueLocal', 'listable'],
    ['169.254.1.1', '169.254.1.1', 'linkLocal', 'listable'],
    ['fe80::1', 'fe80::1', 'linkLocal', 'listable'],
    ['fe80::1%eth0', 'fe80::1%eth0', 'linkLocal', 'listable'],
    ['[fe80::1%25eth0]', 'fe80::1%25eth0', 'linkLocal', 'listable'],
    ['169.254.169.254', '169.254.169.254', 'linkLocal', 'metadata'],
    ['2852039166', '169.254.169.254', 'linkLocal', 'metadata'],
    ['0xa9.0xfe.0xa9.0xfe', '169.254.169.254', 'linkLocal', 'metadata'],
    ['::ffff:169.254.169.254', '::ffff:a9fe:a9fe', 'linkLocal', 'metadata'],
    ['169.254.170.2', '169.254.170.2', 'linkLocal', 'metadata'],
    ['fd00:ec2::254', 'fd00:ec2::254', 'uniqueLocal', 'metadata'],
    ['100.100.100.200', '100.100.100.200', 'carrierGradeNat', 'metadata'],
    ['168.63.129.16', '168.63.129.16', 'unicast', 'metadata'],
    ['100.64.0.1', '100.64.0.1', 'carrierGradeNat', 'listable'],
    ['192.0.2.10', '192.0.2.10', 'reserved', 'listable'],
    ['198.51.100.7', '198.51.100.7', 'reserved', 'listable'],
    ['203.0.113.9', '203.0.113.9', 'reserved', 'listable'],
    ['198.18.0.1', '198.18.0.1', 'reserved', 'listable'],
    ['240.0.0.1', '240.0.0.1', 'reserved', 'listable'],
    ['2001:db8::1', '2001:db8::1', 'reserved', 'listable'],
    ['2001:2::1', '2001:2::1', 'benchmarking', 'listable'],
    ['fec0::1', 'fec0::1', 'deprecatedSiteLocal', 'listable'],
    ['0.0.0.0', '0.0.0.0', 'unspecified', 'never'],
    ['0', '0.0.0.0', 'unspecified', 'never'],
    ['::', '::', 'unspecified', 'never'],
    ['::ffff:0.0.0.0', '::ffff:0:0', 'unspecified', 'never'],
    ['255.255.255.255', '255.255.255.255', 'broadcast', 'never'],
    ['224.0.0.1', '224.0.0.1', 'multicast', 'never'],
    ['ff02::1', 'ff02::1', 'multicast', 'never'],
    ['8.8.8.8', '8.8.8.8', 'unicast', 'public'],
    ['134744072', '8.8.8.8', 'unicast', 'public'],
    ['2606:4700:4700::1111', '2606:4700:4700::1111', 'unicast', 'public'],
    ['::ffff:8.8.8.8', '::ffff:808:808', 'unicast', 'public'],
    // Short forms with three parts or in octal/hex (inet_aton rules, as WHATWG URL hosts read them).
    ['127.0.1', '127.0.0.1', 'loopback', 'listable'],
    ['0177.1', '127.0.0.1', 'loopback', 'listable'],
    ['0x7f.0.1', '127.0.0.1', 'loopback', 'listable'],
    ['3232235777', '192.168.1.1', 'private', 'listable'],
    ['012.0.0.5', '10.0.0.5', 'private', 'listable'],
    ['0xA9FEA9FE', '169.254.169.254', 'linkLocal', 'metadata'],
    ['0251.0376.0251.0376', '169.254.169.254', 'linkLocal', 'metadata'],
    // IPv4-compatible (::a.b.c.d, deprecated): ipaddr.js reads the dotted form as mapped; the hex
    // form keeps its own spelling and is judged by the IPv4 in its last 32 bits.
    ['::127.0.0.1', '::ffff:7f00:1', 'loopback', 'listable'],
    ['::7f00:1', '::7f00:1', 'loopback', 'listable'],
    ['[::a00:5]', '::a00:5', 'private', 'listable'],
    ['::a9fe:a9fe', '::a9fe:a9fe', 'linkLocal', 'metadata'],
    ['::0.0.0.2', '::ffff:0:2', 'unspecified', 'never'],
    ['::2', '::2', 'unspecified', 'never'],
    ['::808:808', '::808:808', 'unicast', 'public'],
    // Mapped and translated forms of the metadata address, written in hex.
    ['::ffff:a9fe:a9fe', '::ffff:a9fe:a9fe', 'linkLocal', 'metadata'],
    ['0:0:0:0:0:ffff:a9fe:a9fe', '::ffff:a9fe:a9fe', 'linkLocal', 'metadata'],
    ['::ffff:0:a9fe:a9fe', '::ffff:0:a9fe:a9fe', 'linkLocal', 'metadata'],
    // NAT64 (64:ff9b::/96) and 6to4 (2002::/16) carrying internal IPv4s.
    ['64:ff9b::7f00:1', '64:ff9b::7f00:1', 'loopback', 'listable'],
    ['64:ff9b::169.254.169.254', '64:ff9b::a9fe:a9fe', 'linkLocal', 'metadata'],
    ['64:ff9b::100.64.0.1', '64:ff9b::6440:1', 'carrierGradeNat', 'listable'],
    ['2002:a00:5::1', '2002:a00:5::1', 'private', 'listable'],
    ['2002:c0a8:101::', '2002:c0a8:101::', 'private', 'listable'],
    // Teredo (2001::/32) stays refused by its own range whatever client it names (here 127.0.0.1).
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', '2001:0:4136:e378:8000:63bf:80ff:fffe', 'teredo', 'listable'],
    ['2001::1', '2001::1', 'teredo', 'listable'],
    // The AWS IPv6 metadata address in longer spellings.
    ['FD00:EC2::254', 'fd00:ec2::254', 'uniqueLocal', 'metadata'],
    ['fd00:0ec2:0000:0000:0000:0000:0000:0254', 'fd00:ec2::254', 'uniqueLocal', 'metadata'],
    ['[fd00:ec2:0:0::254]', 'fd00:ec2::254', 'uniqueLocal', 'metadata'],
    // Range edges and the other special-purpose blocks.
    ['100.127.255.255', '100.127.255.255', 'carrierGradeNat', 'listable'],
    ['100.128.0.1', '100.128.0.1', 'unicast', 'public'],
    ['0.1.2.3', '0.1.2.3', 'unspecified', 'never'],
    ['239.255.255.250', '239.255.255.250', 'multicast', 'never'],
    ['ff05::1', 'ff05::1', 'multicast', 'never'],
    ['100::1', '100::1', 'discard', 'listable'],
    ['fe80::a9fe:a9fe', 'fe80::a9fe:a9fe', 'linkLocal', 'listable'],
    ['192.88.99.1', '192.88.99.1', 'reserved', 'listable'],
  ])('%s is %s (%s, %s)', (text, address, range, standing) => {
    expect(classifyAddress(text)).toMatchObject({ address, range, standing });
  });

  it.each(['mail.example.com', 'localhost', '', '1.2.3.4.5', '08.0.0.1', '256.0.0.1', '[::1', 'fe80::1%'])(
    '%j is not an address (a name for the resolver, whose answers are checked in turn)',
    (text) => {
      expect(classifyAddress(text)).toBeUndefined();
    },
  );

  it('describes metadata addresses so the message says why', () => {
    expect(classifyAddress('169.254.169.254')?.description).toBe('link-local (cloud metadata)');
    expect(classifyAddress('168.63.129.16')?.description).toBe('cloud metadata');
    expect(classifyAddress('10.0.0.5')?.description).toBe('private');
  });
});
