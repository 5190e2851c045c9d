const localChars = /[A-Za-z0-9._%+'-]/;
const domainChars = /[A-Za-z0-9.-]/;

/**
 * Every e-mail address in a text, lower-cased, in order. A scanner rather than a regex: each
 * character is looked at by at most one leftward and one rightward walk, so the cost stays linear
 * on hostile input such as "a@a@a@…".
 */
export function addressesIn(text: string): string[] {
  const found: string[] = [];
  let at = text.indexOf('@');
  while (at >= 0) {
    let start = at;
    while (start > 0 && localChars.test(text.charAt(start - 1))) start--;
    let end = at + 1;
    while (end < text.length && domainChars.test(text.charAt(end))) end++;
    const domain = trimDots(text.slice(at + 1, end));
    if (start < at && domain.includes('.')) found.push(`${text.slice(start, at)}@${domain}`.toLowerCase());
    at = text.indexOf('@', Math.max(end, at + 1));
  }
  return found;
}

function trimDots(domain: string): string {
  let end = domain.length;
  while (end > 0 && domain.charAt(end - 1) === '.') end--;
  return domain.slice(0, end);
}
