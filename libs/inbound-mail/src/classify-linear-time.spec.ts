import { expectLinearTime } from '@coldreach/testing';
import { classifyMessage, classifyParts } from './classify-message';
import { htmlText } from './html-text';
import type { MessageParts } from './message-parts';

const now = new Date('2026-12-04T12:00:00Z');

function parts(overrides: Partial<MessageParts>): MessageParts {
  return {
    fields: [],
    from: 'someone@example.com',
    fromName: '',
    to: ['alice@coldreach.test'],
    subject: 'Re: hello',
    date: now,
    text: '',
    reportType: '',
    deliveryStatus: '',
    feedbackReport: '',
    returned: '',
    ...overrides,
  };
}

// Bodies built to make a backtracking regex or a nested scan blow up: long runs of what the
// classification looks for, never completed. 4 × the largest stays under the 64 KiB read limit,
// so the scans really run over all of it.
const hostileUnits = [
  'a@',
  '> ',
  ' \n',
  'On x ',
  'back 1 ',
  '5.5.',
  '<x',
  'From: x\n',
  'Final-Recipient: rfc822; a@\n ',
  '&#1',
  '-',
];
const shapes: Array<[string, (body: string) => MessageParts]> = [
  ['a reply', (body) => parts({ text: body })],
  ['an out-of-office', (body) => parts({ subject: 'Automatic reply', text: body })],
  ['a plain bounce', (body) => parts({ from: 'mailer-daemon@mx.test', text: body, returned: body })],
  [
    'a DSN',
    (body) => parts({ reportType: 'delivery-status', deliveryStatus: body, text: body, returned: body }),
  ],
  ['a complaint', (body) => parts({ reportType: 'feedback-report', feedbackReport: body, returned: body })],
];

describe('classification of hostile bodies', () => {
  it.each(shapes)('costs linear time for %s', (_shape, shape) => {
    for (const unit of hostileUnits) {
      expectLinearTime((n) => classifyParts(shape(unit.repeat(n)), now), Math.floor(14_000 / unit.length));
    }
  });

  it('turns hostile HTML into text in linear time', () => {
    for (const unit of ['<', '<a', '<style>', '&#1', '<br>x']) {
      expectLinearTime((n) => htmlText(unit.repeat(n)), Math.floor(14_000 / unit.length));
    }
  });

  it('reads only the start of a very large message', async () => {
    const raw = `From: a@example.com\nSubject: hi\n\nCall me tomorrow.\n${'> quoted line\n'.repeat(500_000)}`;
    const message = await classifyMessage(raw, { now });
    expect(message).toMatchObject({ kind: 'reply', snippet: 'Call me tomorrow.' });
  });
});
