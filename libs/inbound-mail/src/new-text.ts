import { scanLimit } from './header-fields';

const snippetLength = 280;

// Lines that open the quoted original in the clients people use: Gmail/Apple ("On … wrote:", also
// German, French, Spanish, Dutch), Outlook ("-----Original Message-----", a rule of underscores,
// or a "From: …" line followed by "Sent:"/"Date:"), and forwarded blocks. Matched with startsWith and
// endsWith on single lines rather than regexes, so a hostile body cannot make the scan backtrack.
const attributionStarts = ['on ', 'am ', 'le ', 'el ', 'op '];
const attributionVerbs = ['wrote', 'schrieb', 'écrit', 'escribió', 'geschreven', 'scritto'];
const quoteOpeners = [
  '-----original message-----',
  '----- original message -----',
  '---------- forwarded message',
  '-------- original message --------',
  '-------- weitergeleitete nachricht --------',
  'begin forwarded message:',
  '-----ursprüngliche nachricht-----',
  '-----message d’origine-----',
  "-----message d'origine-----",
];
const outlookHeaderNames = ['from:', 'von:', 'de:', 'van:'];
const outlookSecondLines = [
  'sent:',
  'date:',
  'gesendet:',
  'envoyé :',
  'envoyé:',
  'enviado:',
  'verzonden:',
  'to:',
];

function isAttribution(line: string, next: string): boolean {
  if (!attributionStarts.some((start) => line.startsWith(start))) return false;
  // Gmail wraps a long attribution over two lines; Apple Mail puts the verb before the name
  // ("Am 03.12.2026 um 10:00 schrieb Alice <a@b.test>:").
  const attribution = line.endsWith(':') ? line : `${line} ${next}`;
  return attribution.endsWith(':') && attributionVerbs.some((verb) => attribution.includes(verb));
}

function opensQuote(line: string, next: string): boolean {
  if (quoteOpeners.some((opener) => line.startsWith(opener))) return true;
  // Outlook's rule above the quoted original: a line of underscores, or of dashes once its <hr> is text.
  if (
    line.length >= 10 &&
    (line.split('').every((c) => c === '_') || line.split('').every((c) => c === '-'))
  ) {
    return true;
  }
  if (outlookHeaderNames.some((name) => line.startsWith(name))) {
    return outlookSecondLines.some((name) => next.startsWith(name));
  }
  return isAttribution(line, next);
}

/**
 * The text a person wrote in this message: everything before the quoted original, a forwarded
 * block or the signature ("-- "), without '>' quoted lines. Only the first 64 KiB is read.
 */
export function newTextOf(text: string): string {
  const lines = text.slice(0, scanLimit).replace(/\r/g, '').split('\n');
  const kept: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (line === '-- ' || line === '--') break;
    const lower = line.trim().toLowerCase();
    if (opensQuote(lower, (lines[index + 1] ?? '').trim().toLowerCase())) break;
    if (lower.startsWith('>')) continue;
    kept.push(line);
  }
  return kept.join('\n');
}

/** Whitespace collapsed, at most 280 characters: what a user sees of a reply in a list. */
export function snippetOf(newText: string): string {
  const collapsed = newText.split(/\s+/).filter(Boolean).join(' ');
  return collapsed.length <= snippetLength
    ? collapsed
    : `${collapsed.slice(0, snippetLength - 1).trimEnd()}…`;
}
