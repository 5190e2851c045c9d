import { cleanPersonText, looksLikeJobTitle, looksLikePersonName, nameMatchesAddress } from './person-text';

describe('looksLikePersonName', () => {
  it.each([
    'Jane Doe',
    'Chloé Martin',
    "Tom O'Brien",
    'Lars van der Berg',
    'Mary-Jane Watson',
    'Dr. Jane Doe',
  ])('%s is a name', (line) => {
    expect(looksLikePersonName(line)).toBe(true);
  });

  it.each([
    'Jane', // one word
    'Contact Us',
    'Meet the Team',
    'Our Partners',
    'Head of Sales',
    'Marketing Director',
    'jane doe',
    'Jane Doe 2',
    'Read More About Jane Doe Here Now',
    'Acme Widgets Ltd',
  ])('%s is not', (line) => {
    expect(looksLikePersonName(line)).toBe(false);
  });
});

describe('looksLikeJobTitle', () => {
  it.each([
    ['Head of Sales', false, true],
    ['CTO & Co-founder', false, true],
    ['Chief Technology Officer', false, true],
    ['Geschäftsführer', false, true],
    ['Growth Hacker', true, true], // marked as a role by the page
    ['Growth Hacker', false, false],
    ['jane@acme.com', true, false],
    ['Call 020 7946 0958', true, false],
    ['Our managers answer every request within one working day, often faster', false, false],
  ])('%j (marked %s) → %s', (line, hinted, title) => {
    expect(looksLikeJobTitle(line, hinted)).toBe(title);
  });
});

describe('nameMatchesAddress', () => {
  it.each([
    ['Jane Doe', 'jane.doe@acme.com', true],
    ['Jane Doe', 'jdoe@acme.com', true],
    ['Chloé Martin', 'chloe@acme.com', true],
    ['Trade Shows', 'expo.team@acme.com', false],
    ['Al Li', 'al.li@acme.com', false], // parts under three letters say nothing
  ])('%s ~ %s: %s', (name, email, matches) => {
    expect(nameMatchesAddress(name, email)).toBe(matches);
  });
});

describe('cleanPersonText', () => {
  it('collapses whitespace, drops control characters and bounds the length', () => {
    expect(cleanPersonText('  Jane\n\t Doe\u200b ', 'name')).toBe('Jane Doe');
    expect(cleanPersonText('x'.repeat(500), 'name')?.length).toBeLessThanOrEqual(80);
    expect(cleanPersonText('Head of Sales '.repeat(20), 'title')?.length).toBeLessThanOrEqual(100);
    expect(cleanPersonText(' \n ', 'name')).toBeUndefined();
    expect(cleanPersonText(undefined, 'title')).toBeUndefined();
  });
});
