import { extractPage } from './extract-page';

const pageUrl = 'https://www.acme.co.uk/team/index.html';
const page = (body: string, head = '', lang = 'en-GB') =>
  extractPage(`<!doctype html><html lang="${lang}"><head>${head}</head><body>${body}</body></html>`, pageUrl);
const emails = (body: string) => page(body).contacts.map((contact) => contact.email);
const people = (body: string) =>
  page(body).people.map(({ name, title, email, phone }) => ({ name, title, email, phone }));

describe('extractPage: links and page facts', () => {
  it('resolves links against <base> (wherever it is) and the page, drops fragments and other schemes', () => {
    const extraction = page(
      `<a href="a.html#top">a</a> <a href="/b">b</a> <a href="//cdn.acme.co.uk/c">c</a>
       <map><area href="d.html" /></map> <a href="mailto:x@acme.co.uk">m</a> <a href="javascript:void(0)">j</a>
       <a href="ftp://acme.co.uk/f">f</a> <a href="http://[bad">bad</a> <a>no href</a> <a href=" e.html ">e</a>`,
      '<base href="/base/">',
    );
    expect(extraction.links.map((link) => link.url)).toEqual([
      'https://www.acme.co.uk/base/a.html',
      'https://www.acme.co.uk/b',
      'https://cdn.acme.co.uk/c',
      'https://www.acme.co.uk/base/d.html',
      'https://www.acme.co.uk/base/e.html',
    ]);
  });

  it('marks a link nofollow only when every link to that URL is', () => {
    const extraction = page(
      '<a href="/a" rel="nofollow">1</a><a href="/a">2</a><a href="/b" rel="ugc NoFollow">3</a><a href="/b#x" rel="nofollow">4</a>',
    );
    expect(extraction.links).toEqual([
      { url: 'https://www.acme.co.uk/a', nofollow: false },
      { url: 'https://www.acme.co.uk/b', nofollow: true },
    ]);
  });

  it('reads the canonical URL, robots meta, language and the first title outside SVG', () => {
    const extraction = page(
      '<svg><title>Icon</title></svg><title>Second</title>',
      '<link rel="Canonical" href="../team/#x"><meta name="ROBOTS" content="none"><title> Team\n | Acme </title>',
      'en-GB',
    );
    expect(extraction.canonicalUrl).toBe('https://www.acme.co.uk/team/');
    expect(extraction.metaRobots).toEqual({ noindex: true, nofollow: true });
    expect(extraction.lang).toBe('en-GB');
    expect(extraction.title).toBe('Team | Acme');
  });

  it.each([
    ['a mount point and bundles', true, '<div id="root"></div><script src="/main.js"></script>'],
    [
      'a noscript asking for JavaScript',
      true,
      '<noscript>Please enable JavaScript.</noscript><p>…</p><script>x()</script>',
    ],
    [
      'content and scripts',
      false,
      `<p>${'Widgets made in London. '.repeat(10)}</p><script src="/a.js"></script>`,
    ],
    ['an empty page without scripts', false, ''],
  ])('tells a JavaScript-only page: %s → %s', (_, javascriptOnly, body) => {
    expect(page(body).looksJavaScriptOnly).toBe(javascriptOnly);
  });

  it.each([
    [
      'JSON-LD Organization',
      '<script type="application/ld+json">{"@type":"Organization","name":"Acme Ltd"}</script>',
      'Acme Ltd',
    ],
    [
      'og:site_name',
      '<meta property="og:site_name" content="Acme Online"><title>Team | Acme</title>',
      'Acme Online',
    ],
    ['the title part naming the domain', '<title>Acme Widgets — Team</title>', 'Acme Widgets'],
    ['the last title part', '<title>Team | Widgets Inc.</title>', 'Widgets Inc.'],
    ['no site part in the title', '<title>Our team</title>', undefined],
  ])('names the company from %s', (_, head, name) => {
    const { company } = page('', head);
    expect(company.name).toBe(name);
    expect(company.domain).toBe('acme.co.uk');
  });
});

describe('extractPage: addresses', () => {
  it('reads entities, split inline markup and attributes, but not asset attributes or joined blocks', () => {
    expect(
      emails(
        `<p>jane&#64;acme.co.uk bob&commat;acme.co.uk ann<span>@</span><b>acme.co.uk</b></p>
         <span data-email="eve@acme.co.uk" title="Mail tom@acme.co.uk"></span><meta content="max@acme.co.uk">
         <img src="/img/me@acme.co.uk.png" srcset="x@acme.co.uk 2x"><div>sue</div><div>@acme.co.uk</div>`,
      ),
    ).toEqual([
      'jane@acme.co.uk',
      'bob@acme.co.uk',
      'ann@acme.co.uk',
      'eve@acme.co.uk',
      'tom@acme.co.uk',
      'max@acme.co.uk',
    ]);
  });

  it('does not glue a label to an address on a minified page', () => {
    expect(
      emails(
        '<p><span>Chief Analyst</span><a href="mailto:ada@lovelace-labs.com">ada@lovelace-labs.com</a></p>' +
          '<p><b>Sales</b>sam@lovelace-labs.com</p>',
      ),
    ).toEqual(['ada@lovelace-labs.com', 'sam@lovelace-labs.com']);
  });

  it('lists each address once, with its page as source', () => {
    const extraction = page('<a href="mailto:Jane@Acme.co.uk">jane@acme.co.uk</a> JANE@ACME.CO.UK');
    expect(extraction.contacts).toEqual([{ email: 'jane@acme.co.uk', sourceUrl: pageUrl }]);
  });
});

describe('extractPage: people', () => {
  it('names the address of a card: heading or bold name, a title line, a phone', () => {
    expect(
      people(
        `<div class="grid">
           <article><h3>Jane Doe</h3><p>VP Engineering</p><p>jane@acme.co.uk · 020 7946 0958</p></article>
           <article><p><b>Bob Smith</b>, <span class="position">Growth Hacker</span></p><p>bob@acme.co.uk</p></article>
           <article><p>Ann Lee</p><p>Head of People</p><p>ann@acme.co.uk</p></article>
         </div>`,
      ),
    ).toEqual([
      { name: 'Jane Doe', title: 'VP Engineering', email: 'jane@acme.co.uk', phone: '+442079460958' },
      { name: 'Bob Smith', title: 'Growth Hacker', email: 'bob@acme.co.uk', phone: undefined },
      { name: 'Ann Lee', title: 'Head of People', email: 'ann@acme.co.uk', phone: undefined },
    ]);
  });

  it('keeps a name-only heading when the address spells the name, and not otherwise', () => {
    expect(people('<div><h3>Jane Doe</h3><p>jdoe@acme.co.uk</p></div>')).toEqual([
      { name: 'Jane Doe', title: undefined, email: 'jdoe@acme.co.uk', phone: undefined },
    ]);
    expect(people('<div><h3>Trade Shows</h3><p>expo@acme.co.uk</p></div>')).toEqual([]);
  });

  it('gives no person to a shared mailbox, a block with two addresses or a block too large to be a card', () => {
    expect(people('<div><h3>Jane Doe</h3><p>Head of Sales</p><p>sales@acme.co.uk</p></div>')).toEqual([]);
    expect(
      people('<div><h3>Jane Doe</h3><p>Head of Sales</p><p>jane@acme.co.uk bob@acme.co.uk</p></div>'),
    ).toEqual([]);
    const essay = `<p>${'Our widgets are machined from recycled steel. '.repeat(20)}</p>`;
    expect(people(`<div><h3>Jane Doe</h3><p>Head of Sales</p>${essay}<p>jane@acme.co.uk</p></div>`)).toEqual(
      [],
    );
  });

  it('reads microdata people without taking the properties of items nested in them', () => {
    expect(
      people(
        `<div itemscope itemtype="https://schema.org/Person">
           <meta itemprop="givenName" content="Jane"><meta itemprop="familyName" content="Doe">
           <span itemprop="jobTitle">CFO</span><a itemprop="email" href="mailto:jane@acme.co.uk">mail</a>
           <a itemprop="telephone" href="tel:+442079460958">call</a>
           <div itemprop="worksFor" itemscope itemtype="https://schema.org/Organization"><span itemprop="name">Acme</span>
             <span itemprop="email">office@acme.co.uk</span></div>
         </div>
         <div itemscope itemtype="https://schema.org/Place"><span itemprop="name">Head Office</span></div>`,
      ),
    ).toEqual([{ name: 'Jane Doe', title: 'CFO', email: 'jane@acme.co.uk', phone: '+442079460958' }]);
  });

  it('reads hCard (microformats 1 and 2), keeping a person without an address only with a name', () => {
    expect(
      people(
        `<div class="vcard"><abbr class="fn" title="Jane Doe">JD</abbr> <span class="role">Founder</span>
           <a class="email" href="mailto:jane@acme.co.uk">jane@acme.co.uk</a></div>
         <div class="h-card"><span class="p-given-name">Bob</span> <span class="p-family-name">Smith</span>
           <span class="p-job-title">Designer</span></div>
         <div class="vcard"><span class="title">Nameless Role</span></div>`,
      ),
    ).toEqual([
      { name: 'Jane Doe', title: 'Founder', email: 'jane@acme.co.uk', phone: undefined },
      { name: 'Bob Smith', title: 'Designer', email: undefined, phone: undefined },
    ]);
  });

  it('prefers JSON-LD to markup to cards for the same address, and never mixes two people', () => {
    const extraction = page(
      `<script type="application/ld+json">{"@type":"Person","name":"Jane Doe","email":"jane@acme.co.uk"}</script>
       <div><h3>Janet Doe</h3><p>Head of Sales</p><p>jane@acme.co.uk</p></div>`,
    );
    expect(extraction.contacts).toEqual([{ email: 'jane@acme.co.uk', name: 'Jane Doe', sourceUrl: pageUrl }]);
  });
});

describe('extractPage: hostile pages', () => {
  it('cuts a page nested too deep to parse in linear time, keeping what came before', () => {
    const extraction = page(`<p>jane@acme.co.uk</p>${'<div>'.repeat(5_000)}<p>bob@acme.co.uk</p>`);
    expect(extraction.truncated).toMatch(/nested deeper than/);
    expect(extraction.contacts.map((contact) => contact.email)).toEqual(['jane@acme.co.uk']);
  });

  it('does not fail on what is not HTML', () => {
    for (const junk of ['', '\u0000\uffff', '<<<>>>', '<a href=', '<!--', '<script>', 'x'.repeat(1000)]) {
      expect(extractPage(junk, pageUrl).contacts).toEqual([]);
    }
    expect(extractPage('<a href="/x">x</a>', 'not a url').links).toEqual([]);
  });
});
