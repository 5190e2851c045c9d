import { parseTemplate, personalisationVariables, validateTemplate } from '@coldreach/outreach';
import { insertSnippet, templateVariables } from './template-variables';

describe('templateVariables', () => {
  it('offers every built-in variable of the template language, each a valid template', () => {
    const offered = templateVariables.map(({ snippet }) => {
      expect(validateTemplate(snippet)).toEqual([]);
      const [variable] = parseTemplate(snippet).variables;
      return variable?.name;
    });
    const builtIn = personalisationVariables.filter((name) => !name.endsWith('.*'));
    expect([...offered].sort()).toEqual([...builtIn].sort());
  });
});

describe('insertSnippet', () => {
  it.each([
    ['at the cursor', 'Hi !', 3, 3, 'Hi X!', 4],
    ['in place of the selection', 'Hi you!', 3, 6, 'Hi X!', 4],
    ['with a selection made backwards', 'Hi you!', 6, 3, 'Hi X!', 4],
    ['at the end when the cursor is past it', 'Hi', 10, 10, 'HiX', 3],
    ['at the end when the cursor is unknown', 'Hi', Number.NaN, Number.NaN, 'HiX', 3],
    ['at the start', 'Hi', 0, 0, 'XHi', 1],
  ])('inserts %s', (_case, text, start, end, expected, cursor) => {
    expect(insertSnippet(text, start, end, 'X')).toEqual({ text: expected, cursor });
  });
});
