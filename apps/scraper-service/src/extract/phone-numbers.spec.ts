import { expectLinearTime } from '@coldreach/testing';
import type { CountryCode } from 'libphonenumber-js/max';
import { phoneFromTel, phoneFromValue, phoneRegion, phonesInText } from './phone-numbers';

describe('phoneRegion', () => {
  it.each([
    ['en-GB', 'https://acme.com/', 'GB'],
    ['pt_BR', 'https://acme.com/', 'BR'],
    ['zh-Hant-TW', 'https://acme.com/', 'TW'],
    ['de', 'https://acme.de/', 'DE'],
    [undefined, 'https://www.acme.co.uk/', 'GB'],
    ['en', 'https://acme.fr/', 'FR'],
    ['en-XX', 'https://acme.ie/', 'IE'],
    ['en', 'https://acme.com/', undefined],
    ['en', 'https://acme.io/', undefined], // sold as a generic name
    ['en', 'https://acme.co/', undefined],
    [undefined, 'https://acme.eu/', undefined],
    [undefined, 'not a url', undefined],
  ])('lang %j on %s → %j', (lang, url, region) => {
    expect(phoneRegion(lang, url)).toBe(region);
  });
});

function phones(text: string, region: CountryCode | undefined): string[] {
  const found: string[] = [];
  phonesInText(text, region, (phone) => found.push(phone));
  return found;
}

describe('phonesInText', () => {
  it.each<[string, CountryCode | undefined, string[]]>([
    ['Call 020 7946 0958 today', 'GB', ['+442079460958']],
    ['Call (020) 7946-0958.', 'GB', ['+442079460958']],
    ['Tel. +44 (0)20 7946 0958', undefined, ['+442079460958']],
    ['Tel:+442079460958', undefined, ['+442079460958']],
    ['NY: +1 212 555 0123 / London: +44 20 7946 0958', undefined, ['+12125550123', '+442079460958']],
    ['030 1234567', 'DE', ['+49301234567']],
    ['+33 1 23 45 67 89', 'GB', ['+33123456789']],
    ['020\u00a07946\u00a00958', 'GB', ['+442079460958']],
  ])('%j (region %s) → %j', (text, region, expected) => {
    expect(phones(text, region)).toEqual(expected);
  });

  it.each<[string, CountryCode | undefined, string]>([
    ['020 7946 0958', undefined, 'a national number without a region'],
    ['Published 2024-01-15', 'GB', 'a date'],
    ['updated 15.01.2024', 'DE', 'a date'],
    ['since 1999–2024', 'GB', 'a year range'],
    ['Order 1234567890', 'US', 'a bare id'],
    ['invoice 447946095812', 'GB', 'a bare id that would parse'],
    ['ref ABC1234567-89', 'GB', 'digits glued to a word'],
    ['build 2.3.4567890x', 'GB', 'digits glued to a word'],
    ['server 192.168.100.200', 'GB', 'a dotted quad'],
    ['+44 7700 900123', undefined, 'an invalid number'],
    ['020 7946 0958 020 7946 0959', 'GB', 'two numbers in one run'],
  ])('%j (region %s): none (%s)', (text, region) => {
    expect(phones(text, region)).toEqual([]);
  });

  it('reads text of every size in linear time', () => {
    for (const unit of ['1 ', '+44 20 ', '(1) ', '1-', '12345678 x ', '2024-01-15 ']) {
      expectLinearTime((n) => phones(unit.repeat(n), 'GB'), Math.ceil(50_000 / unit.length));
    }
  });
});

describe('phoneFromTel and phoneFromValue', () => {
  it.each<[string, CountryCode | undefined, string | undefined]>([
    ['tel:+442079460958', undefined, '+442079460958'],
    ['tel:02079460958', 'GB', '+442079460958'],
    ['tel:02079460958', undefined, undefined],
    ['tel:+44-20-7946-0958;ext=12', undefined, '+442079460958'],
    ['tel:%2B44%2020%207946%200958', undefined, '+442079460958'],
    ['callto:+12125550123', undefined, '+12125550123'],
    ['tel:12345', 'GB', undefined],
  ])('%s (region %s) → %s', (href, region, phone) => {
    expect(phoneFromTel(href, region)).toBe(phone);
  });

  it('reads structured values (JSON-LD, microdata) as written, bare digits included', () => {
    expect(phoneFromValue('+44-20-7946-0100', undefined)).toBe('+442079460100');
    expect(phoneFromValue('02079460100', 'GB')).toBe('+442079460100');
    expect(phoneFromValue('tel:+442079460100', undefined)).toBe('+442079460100');
    expect(phoneFromValue('call us', 'GB')).toBeUndefined();
  });
});
