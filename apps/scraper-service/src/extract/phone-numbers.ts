import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { parse } from 'tldts';

// The full ("max") metadata: the default ("min") set only checks lengths, so an order number of the
// right length would pass as a phone.

// Country-code TLDs sold as generic names (.io, .co, .ai, .me, .tv, …): a site under one says nothing
// about where its phone numbers are.
const genericCcTlds = new Set('ac ai cc co fm gg im io la ly me nu sh so to tv vc ws'.split(' '));
// "en-GB", "pt_BR", "zh-Hant-TW": the region subtag.
const langRegion = /^[a-z]{2,3}(?:[-_][a-z]{4})?[-_]([a-z]{2})(?![a-z])/i;

/**
 * The region national numbers on a page are read in: the region of `<html lang>` (en-GB → GB), else
 * the page's country-code TLD, else none (then only +international numbers are accepted from text).
 */
export function phoneRegion(lang: string | undefined, pageUrl: string): CountryCode | undefined {
  const region = langRegion.exec(lang ?? '')?.[1]?.toUpperCase();
  if (region !== undefined && isSupportedCountry(region)) return region;
  let hostname: string;
  try {
    hostname = new URL(pageUrl).hostname;
  } catch {
    return undefined;
  }
  const suffix = parse(hostname).publicSuffix ?? '';
  const tld = suffix.slice(suffix.lastIndexOf('.') + 1);
  if (tld.length !== 2 || genericCcTlds.has(tld)) return undefined;
  const country = tld === 'uk' ? 'GB' : tld.toUpperCase();
  return isSupportedCountry(country) ? country : undefined;
}

/** How many more numbers one page may have parsed (see createPhoneBudget). */
export interface PhoneBudget {
  parsesLeft: number;
}

// libphonenumber takes tens of microseconds a number. A page with more distinct candidates than this
// is a table of figures, not a contact page: parsing stops there, so no page costs more than this.
const maxParsesPerPage = 500;

export function createPhoneBudget(): PhoneBudget {
  return { parsesLeft: maxParsesPerPage };
}

// Numbers already parsed, by region and text, shared by all pages: a site repeats its numbers on every
// page (header, footer, tel: link). A pure function's memo, bounded; the oldest entry goes first.
const parsed = new Map<string, string | undefined>();
const maxParsed = 10_000;

/** E.164 form of a valid number, or undefined. */
function e164(
  text: string,
  region: CountryCode | undefined,
  budget: PhoneBudget | undefined,
): string | undefined {
  const key = `${region ?? ''} ${text}`;
  if (parsed.has(key)) return parsed.get(key);
  if (budget !== undefined && budget.parsesLeft-- <= 0) return undefined;
  const number = parsePhoneNumberFromString(text, region);
  const phone = number !== undefined && number.isValid() ? number.number : undefined;
  if (parsed.size >= maxParsed) parsed.delete(parsed.keys().next().value as string);
  parsed.set(key, phone);
  return phone;
}

/** The number of a `tel:` (or `callto:`) link, in E.164, when it is valid. */
export function phoneFromTel(
  href: string,
  region: CountryCode | undefined,
  budget?: PhoneBudget,
): string | undefined {
  let number = href.slice(href.indexOf(':') + 1);
  const parameters = number.indexOf(';');
  if (parameters !== -1) number = number.slice(0, parameters);
  try {
    number = decodeURIComponent(number);
  } catch {
    // not percent-encoded after all
  }
  return number.length <= 40 ? e164(number, region, budget) : undefined;
}

/** A phone written as a structured value (JSON-LD or microdata telephone): tel: link or text. */
export function phoneFromValue(
  value: string,
  region: CountryCode | undefined,
  budget?: PhoneBudget,
): string | undefined {
  const trimmed = value.trim();
  if (/^(?:tel|callto):/i.test(trimmed)) return phoneFromTel(trimmed, region, budget);
  return trimmed.length <= 40 ? e164(trimmed, region, budget) : undefined;
}

const maxCandidateLength = 40;
// A digit, then digits and what people put between them (spaces, also no-break, - . ( ) + and the en
// dash), ending in a digit; an optional + or ( before. The class holds digits, so from any start the
// match takes the whole run: no backtracking beyond one run, and the scan is linear.
const candidateRun = /[+(]?\d[\d \u00a0().\u2013+-]{5,}\d/g;
const letter = /^\p{L}$/u;
const digit = /\d/g;
// What is not a phone even when the digits would make one: dates, year ranges, dotted quads.
const notPhones = [
  /^\d{4}[-./]\d{1,2}[-./]\d{1,2}$/,
  /^\d{1,2}[-./]\d{1,2}[-./]\d{2,4}$/,
  /^(?:19|20)\d\d ?[-\u2013] ?(?:19|20)\d\d$/,
  /^\d{1,3}(?:\.\d{1,3}){3}$/,
];

/**
 * Calls `found` with the valid numbers written in `text`, in E.164. A candidate is a run of digits and
 * separators holding 7 to 15 digits; runs glued to a word (ABC1234567), bare digit strings without
 * a separator or a leading + (ids, order numbers), dates and dotted quads are not phones. Only short
 * candidates reach libphonenumber.
 */
export function phonesInText(
  text: string,
  region: CountryCode | undefined,
  found: (phone: string) => void,
  budget?: PhoneBudget,
): void {
  candidateRun.lastIndex = 0;
  for (let match = candidateRun.exec(text); match !== null; match = candidateRun.exec(text)) {
    const candidate = match[0];
    const end = match.index + candidate.length;
    if (candidate.length > maxCandidateLength) continue;
    if (match.index > 0 && letter.test(text[match.index - 1] as string)) continue;
    if (end < text.length && letter.test(text[end] as string)) continue;
    const phone = candidatePhone(candidate, region, budget);
    if (phone !== undefined) found(phone);
  }
}

function candidatePhone(
  candidate: string,
  region: CountryCode | undefined,
  budget?: PhoneBudget,
): string | undefined {
  const digits = candidate.match(digit)?.length ?? 0;
  if (digits < 7 || digits > 15) return undefined;
  // A bare digit string is an id more often than a phone.
  if (digits === candidate.length) return undefined;
  if (notPhones.some((pattern) => pattern.test(candidate))) return undefined;
  return e164(candidate, region, budget);
}
