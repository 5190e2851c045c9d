import { asksToUnsubscribe } from './unsubscribe-request';

describe('asksToUnsubscribe', () => {
  it.each([
    ['Please remove me from your list.', true],
    ['UNSUBSCRIBE', true],
    ['Take me off your mailing list', true],
    ['Stop emailing me.', true],
    ['Not interested, remove.', false],
    ['Not interested, remove my email please', true],
    ['Opt out', true],
    ['Do not contact me again', true],
    ['Don’t email me again', true],
    ['Bitte abmelden.', true],
    ['Merci de me désabonner.', true],
    ['Por favor, darme de baja.', true],
    ['Sounds interesting, tell me more.', false],
    ['Not interested right now.', false],
  ])('%s → %s', (text, expected) => {
    expect(asksToUnsubscribe(text)).toBe(expected);
  });
});
