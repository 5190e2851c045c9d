import { type HeaderField, fieldValue } from './header-fields';

// Subjects set by the out-of-office features of Gmail, Outlook/Exchange and the common European
// locales ("Auto:" is Lotus/HCL Notes and some Outlook versions).
const subjectStarts = [
  'out of office',
  'automatic reply',
  'auto:',
  'autoreply',
  'auto-reply',
  'auto reply',
  'automated reply',
  'abwesenheitsnotiz',
  'automatische antwort',
  'réponse automatique',
  'respuesta automática',
  'risposta automatica',
  'automatisch antwoord',
  'out of the office',
];
// Body phrases of out-of-office texts, looked for near the top of the new text only: a person who
// mentions a holiday deep in a real answer is still a person.
const bodyPhrases = [
  'out of the office',
  'out of office',
  'i am on vacation',
  "i'm on vacation",
  'i am currently on vacation',
  'i am on leave',
  "i'm on leave",
  'i am currently on leave',
  'i am on holiday',
  "i'm on holiday",
  'i am currently on holiday',
  'on annual leave',
  'on parental leave',
  'on maternity leave',
  'away from the office',
  'limited access to email',
  'limited access to my email',
  'ich bin abwesend',
  'nicht im büro',
  'je suis absent',
  'estoy fuera de la oficina',
];
const bodyWindow = 500;

/**
 * Headers that mark a message as machine-sent (RFC 3834 Auto-Submitted, the older X-Autoreply /
 * X-Autorespond, Precedence set by vacation programs, Exchange's OOF markers).
 */
export function hasAutoReplyHeaders(fields: HeaderField[]): boolean {
  const autoSubmitted = fieldValue(fields, 'auto-submitted').toLowerCase();
  if (autoSubmitted !== '' && !autoSubmitted.startsWith('no')) return true;
  if (fields.some((field) => field.name === 'x-autoreply' || field.name === 'x-autorespond')) return true;
  if (fields.some((field) => field.name === 'x-ms-exchange-inbox-rules-loop')) return true;
  const precedence = fieldValue(fields, 'precedence').toLowerCase();
  if (['auto_reply', 'bulk', 'junk'].includes(precedence)) return true;
  const suppress = fieldValue(fields, 'x-auto-response-suppress').toLowerCase();
  return suppress.split(/[\s,]+/).some((value) => value === 'all' || value === 'oof');
}

/** Whether the subject or the top of the new text reads like an out-of-office. */
export function readsLikeAutoReply(subject: string, newText: string): boolean {
  const lowerSubject = subject.trim().toLowerCase();
  if (subjectStarts.some((start) => lowerSubject.startsWith(start))) return true;
  const top = newText.slice(0, bodyWindow).toLowerCase().replace(/[’‘]/g, "'");
  return bodyPhrases.some((phrase) => top.includes(phrase));
}
