import { scanLimit } from './header-fields';

// Words after which an out-of-office names the day its writer is back (English, German, French).
const keywords = ['back', 'return', 'until', 'till', 'zurück', 'bis', 'retour', "jusqu'"];
const months = new Map<string, number>();
[
  ['january', 'jan', 'januar', 'janvier'],
  ['february', 'feb', 'februar', 'février', 'fevrier'],
  ['march', 'mar', 'märz', 'maerz', 'mars'],
  ['april', 'apr', 'avril'],
  ['may', 'mai'],
  ['june', 'jun', 'juni', 'juin'],
  ['july', 'jul', 'juli', 'juillet'],
  ['august', 'aug', 'août', 'aout'],
  ['september', 'sep', 'sept', 'septembre'],
  ['october', 'oct', 'oktober', 'octobre'],
  ['november', 'nov', 'novembre'],
  ['december', 'dec', 'dezember', 'décembre', 'decembre'],
].forEach((names, index) => names.forEach((name) => months.set(name, index)));
const weekdays = new Map<string, number>();
[
  ['sunday', 'sun', 'sonntag', 'dimanche'],
  ['monday', 'mon', 'montag', 'lundi'],
  ['tuesday', 'tue', 'tues', 'dienstag', 'mardi'],
  ['wednesday', 'wed', 'mittwoch', 'mercredi'],
  ['thursday', 'thu', 'thur', 'thurs', 'donnerstag', 'jeudi'],
  ['friday', 'fri', 'freitag', 'vendredi'],
  ['saturday', 'sat', 'samstag', 'samedi'],
].forEach((names, index) => names.forEach((name) => weekdays.set(name, index)));

const windowLength = 60;
const tokensRead = 6;
const dayMs = 24 * 60 * 60 * 1000;

interface DateParts {
  year?: number;
  month?: number;
  day?: number;
  weekday?: number;
  /** The day was written as an ordinal ("the 2nd"): alone, a bare number is no date ("back in 2 weeks"). */
  ordinal?: boolean;
}

// Numeric forms first: ISO "2027-01-12" and the German "12.01.2027" / "12.01.". Slashed dates are
// left alone: "01/12" is the 1st of December in Europe and the 12th of January in the US.
function numericParts(window: string): DateParts | undefined {
  const iso = /(\d{4})-(\d{1,2})-(\d{1,2})/.exec(window);
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]) - 1, day: Number(iso[3]) };
  const dotted = /(\d{1,2})\.(\d{1,2})\.(\d{4})?/.exec(window);
  if (dotted)
    return {
      day: Number(dotted[1]),
      month: Number(dotted[2]) - 1,
      year: dotted[3] ? Number(dotted[3]) : undefined,
    };
  return undefined;
}

function wordParts(window: string): DateParts {
  const parts: DateParts = {};
  for (const token of window
    .split(/[^\p{L}\p{N}']+/u)
    .filter(Boolean)
    .slice(0, tokensRead)) {
    const number = /^(\d{1,4})(st|nd|rd|th|er|e)?$/.exec(token);
    if (months.has(token)) parts.month ??= months.get(token);
    else if (weekdays.has(token)) parts.weekday ??= weekdays.get(token);
    else if (number && token.length === 4 && Number(number[1]) >= 2000) parts.year ??= Number(number[1]);
    else if (number && parts.day === undefined && Number(number[1]) >= 1 && Number(number[1]) <= 31) {
      parts.day = Number(number[1]);
      parts.ordinal = number[2] !== undefined;
    }
  }
  return parts;
}

function dayOf(sentAt: Date, parts: DateParts): Date | undefined {
  const today = Date.UTC(sentAt.getUTCFullYear(), sentAt.getUTCMonth(), sentAt.getUTCDate());
  const year = parts.year ?? sentAt.getUTCFullYear();
  if (parts.month !== undefined && parts.day !== undefined) {
    let candidate = Date.UTC(year, parts.month, parts.day);
    if (parts.year === undefined && candidate <= today)
      candidate = Date.UTC(year + 1, parts.month, parts.day);
    return new Date(candidate);
  }
  if (parts.day !== undefined && (parts.ordinal || parts.weekday !== undefined)) {
    // "until the 5th": this month's 5th if still ahead, else next month's.
    let candidate = Date.UTC(year, sentAt.getUTCMonth(), parts.day);
    if (candidate <= today) candidate = Date.UTC(year, sentAt.getUTCMonth() + 1, parts.day);
    return new Date(candidate);
  }
  if (parts.weekday !== undefined) {
    const ahead = (parts.weekday - sentAt.getUTCDay() + 7) % 7 || 7;
    return new Date(today + ahead * dayMs);
  }
  return undefined;
}

const occurrencesRead = 5;

// Where the first few occurrences of a keyword end ("I'll get back to you… I am back on Monday").
function occurrencesAfter(text: string, keyword: string): number[] {
  const found: number[] = [];
  for (
    let at = text.indexOf(keyword);
    at >= 0 && found.length < occurrencesRead;
    at = text.indexOf(keyword, at + 1)
  ) {
    found.push(at + keyword.length);
  }
  return found;
}

/**
 * The day an out-of-office says its writer is back ("back on 12 January", "returning 2027-01-12",
 * "until Monday 5th"), at midnight UTC; undefined when none is given or it is not after `sentAt`.
 */
export function findReturnDate(text: string, sentAt: Date): Date | undefined {
  const lower = text.slice(0, scanLimit).toLowerCase().replace(/[’‘]/g, "'");
  const positions = keywords.flatMap((keyword) => occurrencesAfter(lower, keyword)).sort((a, b) => a - b);
  for (const position of positions) {
    const window = lower.slice(position, position + windowLength);
    const parts = numericParts(window) ?? wordParts(window);
    const day = dayOf(sentAt, parts);
    if (day && !Number.isNaN(day.getTime()) && day.getTime() > sentAt.getTime()) return day;
  }
  return undefined;
}
