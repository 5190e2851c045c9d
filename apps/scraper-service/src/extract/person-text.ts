import { sanitizeRemoteText } from '@coldreach/remote-text';

const maxNameLength = 80;
const maxTitleLength = 100;

/** A name or job title from a page, as stored: sanitised, one line, bounded; undefined when empty. */
export function cleanPersonText(text: string | undefined, kind: 'name' | 'title'): string | undefined {
  if (text === undefined) return undefined;
  const clean = sanitizeRemoteText(text, { maxLength: kind === 'name' ? maxNameLength : maxTitleLength });
  return clean === '' ? undefined : clean;
}

// Words of job titles, matched whole (case-insensitive).
const jobWord = new RegExp(
  String.raw`\b(?:` +
    [
      'ceo|cto|cfo|coo|cmo|cio|ciso|cpo|vp|svp|evp|md|founder|co-founder|cofounder|owner|partner',
      'president|director|head|manager|lead|chief|officer|engineer|developer|designer|architect',
      'consultant|specialist|coordinator|analyst|executive|associate|assistant|administrator',
      'advisor|adviser|recruiter|editor|producer|principal|chair|chairman|chairwoman|chairperson',
      'secretary|treasurer|accountant|counsel|attorney|lawyer|solicitor|scientist|researcher',
      'representative|strategist|sales|marketing|operations|intern|geschäftsführer|geschäftsführerin',
      'leiter|leiterin|inhaber|inhaberin|vertrieb',
    ].join('|') +
    String.raw`)\b`,
  'iu',
);

// Words that start page furniture that looks like a name ("Contact Us", "Our Team", "Meet The Team").
const notNameWords = new Set(
  (
    'about contact us our team meet the get in touch sales support office email e-mail phone call send ' +
    'home read more services company ltd limited inc llc gmbh plc group careers jobs news blog press ' +
    'privacy policy terms follow join welcome hello hi and for with of all view book demo free ' +
    'leadership management board staff people customer customers service help faq partners'
  ).split(' '),
);
const particles = new Set('van von de der den da di du del della la le bin ibn al ter ten y'.split(' '));
const nameWord = /^\p{Lu}[\p{L}'’.-]*$/u;

/**
 * Whether a short line reads as a person's name: two to five words, each capitalised (particles such as
 * "van" or "de" aside), letters and ' - . only, and none of the words pages use for headings.
 */
export function looksLikePersonName(line: string): boolean {
  if (line.length > 60 || line.length < 3) return false;
  const words = line.split(' ');
  if (words.length < 2 || words.length > 5) return false;
  let capitalised = 0;
  for (const word of words) {
    const lower = word.toLowerCase();
    if (notNameWords.has(lower)) return false;
    if (particles.has(word)) continue;
    if (!nameWord.test(word)) return false;
    capitalised++;
  }
  return capitalised >= 2 && !jobWord.test(line);
}

/** Whether a short line reads as a job title ("Head of Sales", "CTO & Co-founder"). */
export function looksLikeJobTitle(line: string, hinted: boolean): boolean {
  if (line.length > 80 || line.length < 2 || line.includes('@') || /\d/.test(line)) return false;
  const words = line.split(' ').length;
  if (words > 10) return false;
  // A line the page marks as a title or role (class="role") needs no title word.
  return (hinted && words <= 8) || jobWord.test(line);
}

const combiningMarks = /\p{M}/gu;
const nonLetters = /[^a-z]+/;

/** Whether a part of the name (3+ letters, accents dropped) is written in the address's local part. */
export function nameMatchesAddress(name: string, email: string): boolean {
  const local = email.slice(0, email.lastIndexOf('@')).normalize('NFD').replace(combiningMarks, '');
  const words = name.toLowerCase().normalize('NFD').replace(combiningMarks, '').split(nonLetters);
  return words.some((word) => word.length >= 3 && local.includes(word));
}
