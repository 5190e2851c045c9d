import { expectLinearTime } from '@coldreach/testing';
import { htmlToText } from './html-to-text';

describe('htmlToText', () => {
  it('keeps paragraphs and line breaks', () => {
    expect(htmlToText('<p>Hi Ada,</p><p>Line one<br>line two</p>')).toBe('Hi Ada,\n\nLine one\nline two');
  });

  it('writes links as text and URL, and a bare URL once', () => {
    expect(htmlToText('See <a href="https://x.test/a?b=1&amp;c=2">our page</a>.')).toBe(
      'See our page (https://x.test/a?b=1&c=2).',
    );
    expect(htmlToText('<a href="https://x.test">https://x.test</a>')).toBe('https://x.test');
  });

  it('lists items and drops scripts, styles and comments', () => {
    const html =
      '<style>p{color:red}</style><ul><li>one</li><li>two</li></ul><!-- x --><script>alert(1)</script>';
    expect(htmlToText(html)).toBe('- one\n- two');
  });

  it('decodes entities, escaped lead values included', () => {
    expect(htmlToText('<p>Tom &amp; Jerry &lt;3 &#39;Acme&#x27; &quot;Co&quot;&nbsp;Ltd</p>')).toBe(
      `Tom & Jerry <3 'Acme' "Co" Ltd`,
    );
  });

  it('collapses the whitespace of source formatting', () => {
    expect(htmlToText('<div>\n   Hello\n      <b>there</b>\n</div>\n\n\n<div>bye</div>')).toBe(
      'Hello there\n\nbye',
    );
  });
});

describe('htmlToText on hostile bodies', () => {
  it.each([
    ['unclosed <', (n: number) => '<'.repeat(n)],
    ['unclosed tags', (n: number) => '<p'.repeat(n)],
    ['unclosed comments', (n: number) => '<!--'.repeat(n)],
    ['unclosed scripts', (n: number) => '<script>'.repeat(n)],
    ['unclosed links', (n: number) => '<a href="x">'.repeat(n)],
    ['one tag of many hrefs', (n: number) => `<a ${'href="x" '.repeat(n)}`],
    ['links in links', (n: number) => `${'<a href="x">'.repeat(n)}</a>`],
    ['entities', (n: number) => '&a'.repeat(n)],
  ])('takes time in proportion to the body: %s', (_name, make) => {
    const n = 6_000;
    const bodies = new Map([n, 4 * n].map((size) => [size, make(size)]));
    expectLinearTime((size) => htmlToText(bodies.get(size)!), n);
  });

  it('keeps the text of an element that is never closed, and hides the rest after an open comment', () => {
    expect(htmlToText('<head><title>T</title><p>Hi</p>')).toBe('Hi');
    expect(htmlToText('<p>a < b and c > d</p>')).toBe('a d');
    expect(htmlToText('1 < 2')).toBe('1 < 2');
    expect(htmlToText('<p>Hi</p><!-- never closed <p>secret</p>')).toBe('Hi');
    expect(htmlToText('<a href="https://x.test">open link <b>bold</b>')).toBe('open link bold');
  });
});
