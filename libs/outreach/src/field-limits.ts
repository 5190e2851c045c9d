// The lengths and counts of outreach inputs, in one place: the gateway's JSON schemas (the OpenAPI
// contract) and the services' own validation both read them, so the two cannot disagree.

/** A campaign's fields. Target criteria match leads, so their tag and company limits are the leads'. */
export const campaignFieldLimits = {
  name: 200,
  description: 2000,
  tags: 50,
  tagLength: 64,
  company: 200,
  query: 200,
  mailboxes: 50,
  timeZone: 64,
  dailyCap: 1_000_000,
} as const;

/**
 * Templates, of a campaign step or of one email. A subject longer than one header line (RFC 5322's
 * 998 characters) helps nobody; bodies are capped so that one request can neither fill the ledger
 * nor keep the template parser busy for long.
 */
export const templateFieldLimits = {
  subject: 998,
  textBody: 100_000,
  htmlBody: 100_000,
} as const;

/** A campaign's sequence. */
export const stepFieldLimits = {
  steps: 50,
  delayMinutes: 365 * 24 * 60,
} as const;

/** A mailbox's fields (an address is at most 254 characters, RFC 5321). */
export const mailboxFieldLimits = {
  name: 200,
  fromName: 200,
  fromAddress: 254,
  smtpUrl: 2048,
  dailyCap: 100_000,
  domainHourlyCap: 100_000,
} as const;

/**
 * The length of `text` as these limits count it: Unicode code points, as JSON Schema's maxLength
 * does (an emoji is one character, not two UTF-16 units), so a value the contract allows is never
 * refused by a service.
 */
export function characterCount(text: string): number {
  let count = text.length;
  for (let index = 0; index < text.length - 1; index++) {
    const unit = text.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        index++;
      }
    }
  }
  return count;
}
