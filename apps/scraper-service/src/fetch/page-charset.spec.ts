import { expectLinearTime } from '@coldreach/testing';
import type { PageKind } from './page-content-types';
import { decodePage, pageCharset } from './page-charset';

const latin1Page = (head: string) =>
  Buffer.concat([Buffer.from(`${head}<p>caf`), Buffer.from([0xe9, 0x80]), Buffer.from('</p>')]);

describe('pageCharset', () => {
  it.each<[string, Buffer, string | undefined, PageKind, string]>([
    ['the default', Buffer.from('<p>hi</p>'), 'text/html', 'html', 'utf-8'],
    ['the Content-Type', Buffer.from('<p>hi</p>'), 'text/html; charset=ISO-8859-1', 'html', 'iso-8859-1'],
    ['a quoted Content-Type charset', Buffer.from('x'), 'text/html; charset="latin1"', 'html', 'latin1'],
    ['<meta charset>', Buffer.from('<meta charset="windows-1252"><p>'), 'text/html', 'html', 'windows-1252'],
    [
      '<meta http-equiv>',
      Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15">'),
      'text/html',
      'html',
      'iso-8859-15',
    ],
    [
      'the header over <meta>',
      Buffer.from('<meta charset="latin1">'),
      'text/html;charset=utf-8',
      'html',
      'utf-8',
    ],
    [
      'a BOM over everything',
      Buffer.from('\ufeff<meta charset="latin1">'),
      'text/html;charset=latin1',
      'html',
      'utf-8',
    ],
    [
      'an unknown label (ignored)',
      Buffer.from('<meta charset="klingon">'),
      'text/html; charset=bogus',
      'html',
      'utf-8',
    ],
    [
      'a <meta> claiming UTF-16 (read as UTF-8)',
      Buffer.from('<meta charset="utf-16">'),
      undefined,
      'html',
      'utf-8',
    ],
    [
      'a <meta> after the first 1024 bytes (ignored)',
      Buffer.from(`${' '.repeat(1100)}<meta charset="latin1">`),
      'text/html',
      'html',
      'utf-8',
    ],
    [
      'an XML declaration',
      Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><urlset/>'),
      'application/xml',
      'sitemap',
      'iso-8859-1',
    ],
    [
      '<meta> outside HTML (ignored)',
      Buffer.from('<meta charset="latin1">'),
      'text/plain',
      'robots',
      'utf-8',
    ],
  ])('takes %s', (_case, bytes, contentType, kind, expected) => {
    expect(pageCharset(bytes, contentType, kind)).toBe(expected);
  });
});

describe('decodePage', () => {
  it('reads latin1 and windows-1252 bytes as browsers do (0x80 is the euro sign)', () => {
    expect(decodePage(latin1Page(''), 'text/html; charset=latin1', 'html')).toBe('<p>café€</p>');
    expect(decodePage(latin1Page('<meta charset=windows-1252>'), 'text/html', 'html')).toContain('café€');
  });

  it('reads UTF-8 by default and replaces bytes that are not UTF-8 instead of failing', () => {
    expect(decodePage(Buffer.from('<p>café</p>'), undefined, 'html')).toBe('<p>café</p>');
    expect(decodePage(latin1Page(''), 'text/html', 'html')).toBe('<p>caf\ufffd</p>');
  });

  it('looks for a declaration in linear time, whatever the first kilobyte holds', () => {
    expectLinearTime((n) => {
      const page = Buffer.from(`${'<meta name=x '.repeat(n)}`);
      for (let i = 0; i < 200; i++) pageCharset(page, 'text/html', 'html');
    }, 2_000);
  });
});
