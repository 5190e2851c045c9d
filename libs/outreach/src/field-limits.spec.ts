import { characterCount } from './field-limits';

describe('characterCount', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['é日本', 3],
    ['😀😀', 2],
    ['a\ud800', 2],
    ['\udc00\ud800', 2],
  ])('counts %j as %i characters, as JSON Schema maxLength does', (text, count) =>
    expect(characterCount(text)).toBe(count),
  );
});
