import { expectLinearTime } from '@coldreach/testing';
import { extractPage } from './extract-page';

// Pages are attacker-controlled: whatever they repeat, extraction must take time in proportion to
// their size. Each input is about 50 KB, compared with four times that.
const size = 50_000;
// Larger inputs where 50 KB would not tell: htmlparser2's open-element array costs O(depth) a tag
// only once it holds tens of thousands of elements (so nesting is measured from 200 KB), and thousands
// of distinct addresses outgrow V8's young generation between 50 and 200 KB, which makes the larger
// run slower per address whatever the algorithm.
const largeSize = 200_000;
const person = '<div itemscope itemtype="https://schema.org/Person">';
const hostile: [string, (n: number) => string, number?][] = [
  ['"a@" repeated', (n) => 'a@'.repeat(n)],
  ['"[at]" and "dot" repeated', (n) => 'x [at] y [dot] '.repeat(n)],
  ['" at … dot " repeated', (n) => 'a at b dot '.repeat(n)],
  ['an address per line', (n) => '<p>jane@acme.co.uk</p>'.repeat(n)],
  [
    'distinct addresses',
    (n) => Array.from({ length: n }, (_, i) => `<p>p${i}@acme.co.uk</p>`).join(''),
    largeSize,
  ],
  ['mailto links', (n) => '<a href="mailto:a@acme.co.uk,b@acme.co.uk?subject=x">m</a>'.repeat(n)],
  ['phone-like digit runs', (n) => '1 2 3 4 5 6 7 8 9 '.repeat(n)],
  ['valid phone numbers', (n) => '<p>+44 20 7946 0958</p>'.repeat(n)],
  ['deep nesting', (n) => '<div>'.repeat(n), largeSize],
  ['deep inline nesting', (n) => '<b><i>'.repeat(n), largeSize],
  ['unmatched end tags under ever deeper nesting', (n) => '<div>'.repeat(n) + '</span>'.repeat(n), largeSize],
  ['unmatched end tags under deep nesting', (n) => '<div>'.repeat(999) + '</span>'.repeat(n)],
  ['implied ends', (n) => '<ul>' + '<li><p>x'.repeat(n)],
  ['nested tables', (n) => '<table><tr><td>'.repeat(n), largeSize],
  ['nested microdata properties', (n) => person + '<span itemprop="name">Jane '.repeat(n)],
  ['nested people', (n) => (person + '<span itemprop="name">Jane Doe</span>').repeat(n)],
  ['nested hCards', (n) => '<div class="vcard"><span class="fn">Jane</span>'.repeat(n)],
  [
    'cards of the same address',
    (n) => '<div><h3>Jane Doe</h3><p>Head of Sales</p><p>jane@acme.co.uk</p></div>'.repeat(n),
  ],
  ['an unterminated attribute', (n) => '<a href="' + 'x'.repeat(n)],
  ['an unterminated comment', (n) => '<!--' + 'a@b '.repeat(n)],
  ['an open JSON-LD block', (n) => '<script type="application/ld+json">' + '{"a":['.repeat(n)],
  [
    'a JSON-LD graph',
    (n) => `<script type="application/ld+json">[${'{"@type":"Person","name":"A B"},'.repeat(n)}{}]</script>`,
  ],
  ['a word without spaces', (n) => 'x'.repeat(n)],
  ['links', (n) => '<a href="/page#x" rel="nofollow">p</a>'.repeat(n)],
];

describe('extractPage on hostile pages', () => {
  it.each(hostile)('takes linear time on %s', (_, page, bytes = size) => {
    const unit = page(1).length;
    expectLinearTime((n) => extractPage(page(n), 'https://www.acme.co.uk/'), Math.ceil(bytes / unit));
  });
});
