// The extraction a Crawlee user writes in a few lines, used by the Crawlee crawler and the raw loop:
// addresses of mailto: links and whatever an email regex finds in the text.

// The usual "good enough" email regex of crawler tutorials.
const emailPattern = /[a-z0-9._%+-]+@[a-z0-9.-]+\.[a-z]{2,}/gi;
const mailtoInHtml = /href\s*=\s*["']mailto:([^"'?]+)/gi;

/** Adds every match of the email regex in `text`, lower-cased. */
export function addEmailsInText(text: string, found: Set<string>): void {
  for (const match of text.matchAll(emailPattern)) found.add(match[0].toLowerCase());
}

/** Adds the address of a `mailto:` href (its query dropped, percent-decoded). */
export function addMailtoEmail(href: string, found: Set<string>): void {
  const recipient = href.slice('mailto:'.length).split('?')[0] ?? '';
  try {
    addEmailsInText(decodeURIComponent(recipient), found);
  } catch {
    addEmailsInText(recipient, found);
  }
}

/** The raw loop's whole extraction: mailto hrefs and the regex over the HTML as it came. */
export function addEmailsInHtml(html: string, found: Set<string>): void {
  for (const match of html.matchAll(mailtoInHtml)) addMailtoEmail(`mailto:${match[1] ?? ''}`, found);
  addEmailsInText(html, found);
}
