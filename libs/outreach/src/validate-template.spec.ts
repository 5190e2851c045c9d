import { type DomainError } from '@coldreach/errors';
import { validateStepTemplates, validateTemplate } from './validate-template';

function violationsOf(run: () => void): DomainError['violations'] {
  try {
    run();
  } catch (error) {
    expect((error as DomainError).code).toBe('invalid_argument');
    return (error as DomainError).violations;
  }
  throw new Error('expected INVALID_ARGUMENT');
}

describe('validateTemplate', () => {
  it('accepts every built-in variable and any custom field', () => {
    const source =
      '{{email}} {{first_name}} {{last_name}} {{company}} {{title}} {{phone}} {{website}} {{custom.plan}} {{custom.x_1}}';
    expect(validateTemplate(source)).toEqual([]);
  });

  it('names each unknown variable once, with its position and the likely intended name', () => {
    expect(
      validateTemplate('Hi {{frist_name}},\n{{frist_name}} at {{compnay}} {{favourite_colour}}'),
    ).toEqual([
      'unknown variable {{frist_name}} at line 1, column 4; did you mean {{first_name}}?',
      'unknown variable {{compnay}} at line 2, column 19; did you mean {{company}}?',
      'unknown variable {{favourite_colour}} at line 2, column 31',
    ]);
  });

  it('is case-sensitive, suggesting the right spelling', () => {
    expect(validateTemplate('{{First_Name}}')).toEqual([
      'unknown variable {{First_Name}} at line 1, column 1; did you mean {{first_name}}?',
    ]);
  });

  it('reports a broken template as its syntax problem', () => {
    expect(validateTemplate('Hi {{first_name')).toEqual(['unclosed {{ at line 1, column 4']);
  });

  it('uses the given known variables, where custom.* allows every custom field', () => {
    expect(validateTemplate('{{name}} {{custom.a}}', { knownVariables: ['name', 'custom.*'] })).toEqual([]);
    expect(validateTemplate('{{first_name}} {{custom.plan}}', { knownVariables: ['name'] })).toEqual([
      'unknown variable {{first_name}} at line 1, column 1',
      'unknown variable {{custom.plan}} at line 1, column 16',
    ]);
  });
});

describe('validateStepTemplates', () => {
  const step = { position: 2, subject: 'Hi {{first_name}}', textBody: 'Hello', htmlBody: '<p>Hello</p>' };

  it('accepts a valid step, with only one of the bodies', () => {
    expect(() => validateStepTemplates(step)).not.toThrow();
    expect(() => validateStepTemplates({ ...step, textBody: '' })).not.toThrow();
    expect(() => validateStepTemplates({ ...step, htmlBody: '' })).not.toThrow();
  });

  it('names the step and the template of every problem', () => {
    const violations = violationsOf(() =>
      validateStepTemplates({
        position: 2,
        subject: 'Hi {{frist_name}}',
        textBody: 'Hello {{company',
        htmlBody: '<p>{{custom.plan}} {{phone}} {{fax}}</p>',
      }),
    );
    expect(violations).toEqual([
      {
        field: 'steps[2].subject',
        message: 'unknown variable {{frist_name}} at line 1, column 4; did you mean {{first_name}}?',
      },
      { field: 'steps[2].textBody', message: 'unclosed {{ at line 1, column 7' },
      { field: 'steps[2].htmlBody', message: 'unknown variable {{fax}} at line 1, column 30' },
    ]);
  });

  it('requires a text or an HTML body', () => {
    expect(violationsOf(() => validateStepTemplates({ ...step, textBody: ' ', htmlBody: '' }))).toEqual([
      { field: 'steps[2].textBody', message: 'a text or an HTML body is required' },
    ]);
  });

  it('says in the error message which field is wrong', () => {
    expect(() => validateStepTemplates({ ...step, position: 3, subject: '{{}}' })).toThrow(
      'steps[3].subject: empty variable at line 1, column 1',
    );
  });
});

describe('validateTemplate on large input', () => {
  it('lists the first ten unknown variables and counts the rest', () => {
    const source = Array.from({ length: 5000 }, (_, i) => `{{unknown_${i}}}`).join(' ');
    const problems = validateTemplate(source);
    expect(problems).toHaveLength(11);
    expect(problems[10]).toBe('and 4990 more unknown variables');
  });

  it('suggests nothing for a long name, quickly, and quotes it shortened', () => {
    const [problem] = validateTemplate(`{{${'x'.repeat(90_000)}}}`);
    expect(problem).toBe(`unknown variable {{${'x'.repeat(64)}…}} at line 1, column 1`);
  });
});
