import { DomainError } from '@coldreach/errors';
import { expectLinearTime } from '@coldreach/testing';
import fc from 'fast-check';
import { parseTemplate, tryParseTemplate } from './parse-template';

function problemOf(source: string): string {
  const result = tryParseTemplate(source);
  if (result.ok) throw new Error(`expected ${JSON.stringify(source)} to be refused`);
  return result.problem;
}

describe('parseTemplate', () => {
  it('splits text and variables, with fallbacks, custom fields and whitespace inside the braces', () => {
    const template = parseTemplate('Hi {{first_name | "there"}},\nhow is {{  company  }}? {{custom.plan}}');
    expect(template.parts).toEqual([
      { kind: 'text', text: 'Hi ' },
      { kind: 'variable', name: 'first_name', fallback: 'there', line: 1, column: 4 },
      { kind: 'text', text: ',\nhow is ' },
      { kind: 'variable', name: 'company', fallback: undefined, line: 2, column: 8 },
      { kind: 'text', text: '? ' },
      { kind: 'variable', name: 'custom.plan', fallback: undefined, line: 2, column: 25 },
    ]);
    expect(template.variables.map((variable) => variable.name)).toEqual([
      'first_name',
      'company',
      'custom.plan',
    ]);
  });

  it('accepts single quotes, escaped quotes and an empty fallback', () => {
    const names = parseTemplate(
      `{{first_name|'friend'}}{{company | "the \\"best\\" team"}}{{title | ""}}`,
    ).variables;
    expect(names.map((variable) => variable.fallback)).toEqual(['friend', 'the "best" team', '']);
  });

  it('reads \\{{ as a literal {{ and leaves lone braces and other backslashes alone', () => {
    const template = parseTemplate('Use \\{{first_name}} in a template. {a} }} C:\\dir');
    expect(template.parts).toEqual([
      { kind: 'text', text: 'Use {{first_name}} in a template. {a} }} C:\\dir' },
    ]);
    expect(template.variables).toEqual([]);
  });

  it('accepts an empty template', () => {
    expect(parseTemplate('').parts).toEqual([]);
  });

  it.each([
    ['Hi {{first_name', 'unclosed {{ at line 1, column 4'],
    ['Hi\n  {{first_name {{company}}', 'unclosed {{ at line 2, column 3'],
    ['Hi {{}}', 'empty variable at line 1, column 4'],
    ['Hi {{   }}', 'empty variable at line 1, column 4'],
    ['Hi {{ | "there" }}', 'empty variable at line 1, column 4'],
    [
      '{{first_name | there}}',
      'the fallback must be a quoted string, e.g. {{first_name | "there"}} at line 1, column 16',
    ],
    ['{{first_name | "there}}', 'unterminated fallback string (missing ") at line 1, column 16'],
    ['{{first_name | "there\'}}', 'unterminated fallback string (missing ") at line 1, column 16'],
    [
      '{{first_name | }}',
      'the fallback must be a quoted string, e.g. {{first_name | "there"}} at line 1, column 16',
    ],
    ['{{first name}}', 'unexpected character "n" in variable, expected }} at line 1, column 9'],
    ['{{first-name}}', 'unexpected character "-" in variable, expected }} at line 1, column 8'],
    ['{{custom.}}', 'invalid variable name "custom." at line 1, column 3'],
    ['{{custom.a.b}}', 'invalid variable name "custom.a.b" at line 1, column 3'],
    ['{{1st}}', 'invalid variable name "1st" at line 1, column 3'],
    ['{{{first_name}}}', 'unexpected character "{" in variable at line 1, column 3'],
  ])('refuses %j: %s', (source, problem) => {
    expect(problemOf(source)).toBe(problem);
  });

  it('throws INVALID_ARGUMENT naming the problem and its position', () => {
    expect(() => parseTemplate('Dear {{first_name')).toThrow(
      expect.objectContaining({
        code: 'invalid_argument',
        violations: [{ field: 'template', message: 'unclosed {{ at line 1, column 6' }],
      }),
    );
  });

  it('never fails with anything but INVALID_ARGUMENT, whatever the input', () => {
    const pieces = fc.constantFrom(
      '{{',
      '}}',
      '\\',
      '|',
      '"',
      "'",
      ' ',
      '\n',
      'first_name',
      'custom.',
      'x',
      '.',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(pieces).map((list) => list.join('')),
        ),
        (source) => {
          try {
            parseTemplate(source);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainError);
            expect((error as DomainError).code).toBe('invalid_argument');
          }
        },
      ),
    );
  });

  it('keeps text without {{ exactly as written', () => {
    fc.assert(
      fc.property(
        fc.string().filter((text) => !text.includes('{{')),
        (text) => {
          const parts = parseTemplate(text).parts;
          expect(parts.map((part) => (part.kind === 'text' ? part.text : '?')).join('')).toBe(text);
        },
      ),
    );
  });
});

describe('parseTemplate on large input', () => {
  it('takes time in proportion to the template (placeholders, lines, broken ones)', () => {
    expectLinearTime((n) => expect(parseTemplate('{{a}}'.repeat(n)).variables).toHaveLength(n), 10_000);
    expectLinearTime((n) => parseTemplate('{{first_name}}\n'.repeat(n)), 10_000);
    expectLinearTime((n) => expect(problemOf(`${'{{a}} '.repeat(n)}{{`)).toMatch(/^unclosed \{\{/), 10_000);
    expectLinearTime((n) => problemOf(`${'{{a}}\n'.repeat(n)}{{ a | b }}`), 10_000);
  });

  it('gives the position of the 40,000th placeholder', () => {
    const variables = parseTemplate(`${'{{a}}'.repeat(20_000)}\n${'{{a}}'.repeat(20_000)}`).variables;
    expect(variables[39_999]).toMatchObject({ line: 2, column: 1 + 19_999 * 5 });
  });

  it('quotes at most 64 characters of a name in a message', () => {
    expect(problemOf(`{{${'a'.repeat(50_000)}-}}`).length).toBeLessThan(200);
    expect(problemOf(`{{${'a'.repeat(100)}.x}}`)).toBe(
      `invalid variable name "${'a'.repeat(64)}…" at line 1, column 3`,
    );
  });
});
