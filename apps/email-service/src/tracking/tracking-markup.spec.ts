import { expectLinearTime } from '@coldreach/testing';
import { addTrackingMarkup } from './tracking-markup';

// Tracks every absolute http(s) link, naming it by index and (decoded) href.
const clickUrl = (index: number, href: string) =>
  /^https?:/.test(href) ? `https://t.example/c/${index}?u=${encodeURIComponent(href)}` : undefined;
const pixelUrl = 'https://t.example/o/token';
const pixel = `<img src="${pixelUrl}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0">`;

describe('addTrackingMarkup', () => {
  it('rewrites links, in every quoting, and puts the pixel before </body>', () => {
    const html =
      '<html><body><p>Hi <A class="x" HREF="https://a.example/x?y=1&amp;z=2">one</A>, ' +
      "<a href='http://b.example/'>two</a>, <a href=https://c.example/ title=t>three</a></p></body></html>";
    expect(addTrackingMarkup(html, { pixelUrl, clickUrl })).toBe(
      '<html><body><p>Hi <A class="x" href="https://t.example/c/0?u=https%3A%2F%2Fa.example%2Fx%3Fy%3D1%26z%3D2">one</A>, ' +
        '<a href="https://t.example/c/1?u=http%3A%2F%2Fb.example%2F">two</a>, ' +
        `<a href="https://t.example/c/2?u=https%3A%2F%2Fc.example%2F" title=t>three</a></p>${pixel}</body></html>`,
    );
  });

  it('leaves what is not a link to track exactly as it was', () => {
    const html =
      '<p><a href="mailto:a@example.com">mail</a> <a href="tel:+1">call</a> <a href="#top">top</a> ' +
      '<a href="/relative">rel</a> <a name="x">anchor</a> <a href>empty</a> <link href="https://css.example/">' +
      '<img src="https://img.example/a.png"><!-- <a href="https://comment.example/">x</a> -->' +
      '<script>var s = \'<a href="https://script.example/">\';</script>' +
      '<style>a[href="https://style.example/"]{}</style></p>';
    expect(addTrackingMarkup(html, { clickUrl })).toBe(html);
  });

  it('rewrites only the first href of a tag, as browsers follow only that one', () => {
    expect(
      addTrackingMarkup('<a href="https://a.example/" href="https://b.example/">x</a>', { clickUrl }),
    ).toBe('<a href="https://t.example/c/0?u=https%3A%2F%2Fa.example%2F" href="https://b.example/">x</a>');
  });

  it('escapes the tracked URL into the attribute', () => {
    expect(
      addTrackingMarkup('<a href="https://a.example/">x</a>', { clickUrl: () => 'https://t.example/"><b>' }),
    ).toBe('<a href="https://t.example/&quot;&gt;&lt;b&gt;">x</a>');
  });

  it('appends the pixel to HTML without a body, and adds nothing without a pixel', () => {
    expect(addTrackingMarkup('<p>Hello</p>', { pixelUrl })).toBe(`<p>Hello</p>${pixel}`);
    expect(addTrackingMarkup('<p>Hello</p></body>', {})).toBe('<p>Hello</p></body>');
    expect(addTrackingMarkup('<body>a</BODY> <body>b</body>', { pixelUrl })).toBe(
      `<body>a</BODY> <body>b${pixel}</body>`,
    );
  });

  // Templates are the user's and the rendered fields are the leads': whatever they repeat, the
  // rewrite takes time in proportion to the body's size.
  const hostile: [string, (n: number) => string][] = [
    ['many links', (n) => '<a href="https://a.example/x?a=1&amp;b=2">x</a>'.repeat(n)],
    ['deep nesting', (n) => '<div><a href="https://a.example/">'.repeat(n)],
    ['endless attributes', (n) => `<a ${'href="https://a.example/" '.repeat(n)}>`],
    ['unclosed quotes', (n) => `<a href="${'https://a.example/&amp;'.repeat(n)}`],
    ['many body closings', (n) => '</body>'.repeat(n)],
    ['unclosed comments', (n) => '<!--<a href="https://a.example/">'.repeat(n)],
  ];
  it.each(hostile)('takes linear time on %s', (_, body) => {
    const unit = body(1).length;
    expectLinearTime((n) => addTrackingMarkup(body(n), { pixelUrl, clickUrl }), Math.ceil(100_000 / unit));
  });
});
