// What people write when they want no more mail, in the words seen in cold-email inboxes (English
// first, then German, French, Spanish, Dutch). Only the NEW text is searched: our own emails carry an
// unsubscribe link, and a quoted copy of them must not turn an ordinary answer into an opt-out.
const phrases = [
  'unsubscribe',
  'remove me',
  'remove my email',
  'remove my address',
  'remove us from',
  'take me off',
  'take us off',
  'stop emailing',
  'stop e-mailing',
  'stop sending',
  'stop contacting',
  'stop spamming',
  'opt out',
  'opt-out',
  'do not contact',
  "don't contact",
  'do not email',
  "don't email",
  'never contact me',
  'abmelden',
  'austragen',
  'keine weiteren e-mails',
  'désabonner',
  'désinscri',
  'retirez-moi',
  'ne plus recevoir',
  'darme de baja',
  'dar de baja',
  'no me contacte',
  'uitschrijven',
];

/** Whether a person's new text asks to be removed from the list. */
export function asksToUnsubscribe(newText: string): boolean {
  const lower = newText.toLowerCase().replace(/[’‘]/g, "'");
  return phrases.some((phrase) => lower.includes(phrase));
}
