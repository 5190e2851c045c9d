import { findReturnDate } from './return-date';

// Friday 4 December 2026, mid-morning.
const sentAt = new Date('2026-12-04T10:00:00Z');

describe('findReturnDate', () => {
  it.each([
    ['I am back on 12 January.', '2027-01-12'],
    ['Returning 2026-12-21, with limited access to email.', '2026-12-21'],
    ['Out of the office until Monday 14th.', '2026-12-14'],
    ['Out until Monday.', '2026-12-07'],
    ['Back on December 28th 2026.', '2026-12-28'],
    ['Back on the 2nd.', '2027-01-02'],
    ["I'll get back to you soon. I return on Jan 5.", '2027-01-05'],
    ['Ich bin bis zum 8. Januar nicht im Büro.', '2027-01-08'],
    ['Ich bin bis 28.12. nicht erreichbar.', '2026-12-28'],
    ["Je suis absent jusqu'au 4 janvier 2027.", '2027-01-04'],
  ])('%s → %s', (text, day) => {
    expect(findReturnDate(text, sentAt)).toEqual(new Date(`${day}T00:00:00Z`));
  });

  it.each([
    ['I am out of the office with limited access to email.'],
    ['I was back on 2026-11-30.'],
    ['Back on 2026-12-04, later today.'],
    ['Please come back to us with any question.'],
    ['I will be back in 2 weeks.'],
  ])('gives none for %s', (text) => {
    expect(findReturnDate(text, sentAt)).toBeUndefined();
  });
});
