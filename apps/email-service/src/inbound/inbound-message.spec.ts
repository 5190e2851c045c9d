import { baseSubject, deliveryIdOfMessageId, smtpCodeOf } from './inbound-message';

describe('inbound message helpers', () => {
  it.each([
    ['<0b7e6f1c-1d2e-4f3a-9b8c-7d6e5f4a3b2c@sender.example>', '0b7e6f1c-1d2e-4f3a-9b8c-7d6e5f4a3b2c'],
    ['0B7E6F1C-1D2E-4F3A-9B8C-7D6E5F4A3B2C@sender.example', '0b7e6f1c-1d2e-4f3a-9b8c-7d6e5f4a3b2c'],
    ['<CAF=abc@mail.gmail.com>', undefined],
    ['', undefined],
  ])('reads the delivery id of %s', (messageId, id) => {
    expect(deliveryIdOfMessageId(messageId)).toBe(id);
  });

  it.each([
    ['Re: Quick question', 'Quick question'],
    ['RE: AW: Fwd:  Quick   question', 'Quick question'],
    ['Re[2]: Quick question', 'Quick question'],
    ['Regarding the offer', 'Regarding the offer'],
  ])('strips the prefixes of %s', (subject, base) => {
    expect(baseSubject(subject)).toBe(base);
  });

  it.each([
    ['smtp; 550 5.1.1 <bob@x> user unknown', 550],
    ['452 4.2.2 mailbox full', 452],
    ['no such user', 0],
  ])('reads the reply code of %s', (diagnostic, code) => {
    expect(smtpCodeOf(diagnostic)).toBe(code);
  });
});
