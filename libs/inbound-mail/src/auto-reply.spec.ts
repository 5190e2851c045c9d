import { hasAutoReplyHeaders, readsLikeAutoReply } from './auto-reply';
import { readFields } from './header-fields';

describe('hasAutoReplyHeaders', () => {
  it.each([
    ['Auto-Submitted: auto-replied', true],
    ['Auto-Submitted: auto-generated', true],
    ['Auto-Submitted: no', false],
    ['X-Autoreply: yes', true],
    ['X-Autorespond: Out of office', true],
    ['Precedence: bulk', true],
    ['Precedence: auto_reply', true],
    ['Precedence: list', false],
    ['X-Auto-Response-Suppress: All', true],
    ['X-Auto-Response-Suppress: DR, OOF, AutoReply', true],
    ['X-Auto-Response-Suppress: DR, RN', false],
    ['X-MS-Exchange-Inbox-Rules-Loop: ivy@contoso.com', true],
    ['X-Mailer: Outlook', false],
  ])('%s → %s', (header, expected) => {
    expect(hasAutoReplyHeaders(readFields(header))).toBe(expected);
  });
});

describe('readsLikeAutoReply', () => {
  it.each([
    ['Out of Office: Quick question', '', true],
    ['Automatic reply: Quick question', '', true],
    ['Auto: Quick question', '', true],
    ['Abwesenheitsnotiz: Kurze Frage', '', true],
    ['Réponse automatique : Question', '', true],
    ['Re: Quick question', 'I am currently on vacation until Monday.', true],
    ['Re: Quick question', 'I’m on leave, back next week.', true],
    ['Re: Quick question', 'Sounds good, talk Monday.', false],
  ])('%s / %s → %s', (subject, text, expected) => {
    expect(readsLikeAutoReply(subject, text)).toBe(expected);
  });
});
