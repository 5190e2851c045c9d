import { murmur2, partitionForKey } from './partition-for-key';

const encode = (text: string) => new TextEncoder().encode(text);

// Values computed by Kafka's Java `Utils.murmur2` (the table kafkajs tests its partitioner against).
const javaMurmur2: Record<string, number> = {
  '0': 971027396,
  '1': -1993445489,
  '128': -326012175,
  '2187': -1508407203,
  '16384': -325739742,
  '78125': -1654490814,
  '279936': 1462227128,
  '823543': -2014198330,
  '2097152': 607668903,
  '4782969': -1182699775,
  '10000000': -1830336757,
  '19487171': -1603849305,
  '35831808': -857013643,
  '62748517': -1167431028,
  '105413504': -381294639,
  '170859375': -1658323481,
  '100:48069': 1009543857,
};

describe('murmur2', () => {
  it.each(Object.entries(javaMurmur2))('hashes %s like the Java client', (key, expected) => {
    expect(murmur2(encode(key))).toBe(expected);
  });
});

describe('partitionForKey', () => {
  it('takes the positive hash modulo the partition count', () => {
    expect(partitionForKey('1', 6)).toBe((-1993445489 & 0x7fffffff) % 6);
    expect(partitionForKey('100:48069', 7)).toBe(1009543857 % 7);
  });

  it('spreads keys over every partition', () => {
    const seen = new Set(Array.from({ length: 200 }, (_, i) => partitionForKey(`client-${i}`, 6)));
    expect([...seen].sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });
});
