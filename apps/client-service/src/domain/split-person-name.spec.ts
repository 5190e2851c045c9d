import { splitPersonName } from './split-person-name';

describe('splitPersonName', () => {
  it.each([
    ['Jane Doe', 'Jane', 'Doe'],
    ['  Jane   Doe ', 'Jane', 'Doe'],
    ['Jane van der Berg', 'Jane', 'van der Berg'],
    ['Mary Ann Smith', 'Mary', 'Ann Smith'],
    ['Doe, Jane', 'Jane', 'Doe'],
    ['van der Berg, Jane', 'Jane', 'van der Berg'],
    ['Dr. Jane Doe', 'Jane', 'Doe'],
    ['Prof Dr Jane Doe', 'Jane', 'Doe'],
    ['Jane Doe, PhD', 'Jane', 'Doe'],
    ['Jane Doe Jr.', 'Jane', 'Doe'],
    ['Doe, Jane, Ph.D.', 'Jane', 'Doe'],
    ['Jane Doe, Acme Inc', 'Jane', 'Doe'],
    ['Jane Doe, Head of Sales', 'Jane', 'Doe'],
    ['Jane', 'Jane', ''],
    ['Dr.', 'Dr.', ''],
    ['José Müller', 'José', 'Müller'],
    ['', '', ''],
    ['   ', '', ''],
    [', ,', '', ''],
  ])('%j → %j / %j', (name, firstName, lastName) => {
    expect(splitPersonName(name)).toEqual({ firstName, lastName });
  });
});
