import { newTextOf, snippetOf } from './new-text';

describe('newTextOf', () => {
  it.each([
    [
      'Gmail',
      'Sounds good.\n\nOn Thu, Dec 3, 2026 at 10:00 AM Alice <a@b.test> wrote:\n> Hi',
      'Sounds good.',
    ],
    [
      'a wrapped Gmail attribution',
      'Yes.\nOn Thu, Dec 3, 2026 at 10:00 AM Alice\n<a@b.test> wrote:\n> Hi',
      'Yes.',
    ],
    ['Outlook', 'Call me.\n\nFrom: Alice <a@b.test>\nSent: Thursday\nTo: Bob\n\nHi', 'Call me.'],
    ['an Outlook rule', 'Call me.\n________________________________\nFrom: Alice', 'Call me.'],
    ['"-----Original Message-----"', 'Sure.\n-----Original Message-----\nFrom: Alice', 'Sure.'],
    ['a forward', 'FYI\n---------- Forwarded message ---------\nFrom: Alice', 'FYI'],
    ['Apple Mail', 'See below\nBegin forwarded message:\nFrom: Alice', 'See below'],
    ['German', 'Gerne.\nAm 03.12.2026 um 10:00 schrieb Alice <a@b.test>:\n> Hallo', 'Gerne.'],
    ['a signature', 'Thanks!\n-- \nBob, CEO\nunsubscribe', 'Thanks!'],
    [
      'interleaved quotes',
      '> question one\nanswer one\n> question two\nanswer two',
      'answer one\nanswer two',
    ],
  ])('removes the quoted part of %s', (_client, text, expected) => {
    expect(snippetOf(newTextOf(text))).toBe(snippetOf(expected));
  });

  it('keeps a "From:" line that is not an Outlook quote header', () => {
    expect(newTextOf('From: our side, all good.\nSee you Monday.')).toBe(
      'From: our side, all good.\nSee you Monday.',
    );
  });
});

describe('snippetOf', () => {
  it('collapses whitespace and stops at 280 characters', () => {
    const snippet = snippetOf(`a  b\n\n\tc ${'word '.repeat(100)}`);
    expect(snippet.startsWith('a b c word')).toBe(true);
    expect(snippet.length).toBeLessThanOrEqual(280);
    expect(snippet.endsWith('…')).toBe(true);
  });
});
