import { durationWords } from './duration-words';

describe('a duration in words', () => {
  it.each([
    [43_200, '12 hours'],
    [86_400, '1 day'],
    [172_800, '2 days'],
    [3600, '1 hour'],
    [5400, '90 minutes'],
    [1800, '30 minutes'],
    [60, '1 minute'],
    [20, '1 minute'],
    [150, '3 minutes'],
  ])('%i seconds: %s', (seconds, words) => {
    expect(durationWords(seconds)).toBe(words);
  });
});
