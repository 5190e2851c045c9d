import { create } from '@bufbuild/protobuf';
import { ClientInputSchema } from '@coldreach/contracts';
import { snakeCaseKey, unstorableTextProblem, unstorableTextViolations } from './unstorable-text';

describe('unstorableTextProblem', () => {
  it.each([
    ['a\u0000b', 'must not contain NUL characters (U+0000)'],
    ['\u0000', 'must not contain NUL characters (U+0000)'],
    ['a\ud800', 'must not contain unpaired UTF-16 surrogates (not valid Unicode text)'],
    ['\udc00b', 'must not contain unpaired UTF-16 surrogates (not valid Unicode text)'],
    ['\udc00\ud800', 'must not contain unpaired UTF-16 surrogates (not valid Unicode text)'],
  ])('refuses %j', (text, message) => expect(unstorableTextProblem(text)).toBe(message));

  it.each(['', 'plain', 'tab\tnew\nline', 'é 日本', '😀 a pair of surrogates', '\u0001\u007f'])(
    'accepts %j',
    (text) => expect(unstorableTextProblem(text)).toBeUndefined(),
  );
});

describe('unstorableTextViolations', () => {
  it('names every bad string by its path, in document order', () => {
    const body = {
      name: 'a\u0000b',
      tags: ['ok', '\ud800'],
      schedule: { timeZone: 'Europe/Paris\u0000' },
      dailyCap: 5,
      fine: null,
    };
    expect(unstorableTextViolations(body, 'body')).toEqual([
      { field: 'body.name', message: 'must not contain NUL characters (U+0000)' },
      {
        field: 'body.tags[1]',
        message: 'must not contain unpaired UTF-16 surrogates (not valid Unicode text)',
      },
      { field: 'body.schedule.timeZone', message: 'must not contain NUL characters (U+0000)' },
    ]);
  });

  it('names the parent of a bad key, never the key itself', () => {
    expect(unstorableTextViolations({ customFields: { 'a\u0000': 'x' } }, 'body')).toEqual([
      { field: 'body.customFields', message: 'has a key that must not contain NUL characters (U+0000)' },
    ]);
  });

  it('walks protobuf messages with proto field names', () => {
    const message = create(ClientInputSchema, { firstName: 'Ada\u0000', customFields: { plan: '\u0000' } });
    expect(unstorableTextViolations(message, 'client', { rename: snakeCaseKey })).toEqual([
      { field: 'client.first_name', message: 'must not contain NUL characters (U+0000)' },
      { field: 'client.custom_fields.plan', message: 'must not contain NUL characters (U+0000)' },
    ]);
  });

  it('survives a deeply nested value and lists at most `limit` violations', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(unstorableTextViolations(deep, 'body')).toHaveLength(1);
    expect(unstorableTextViolations(Array(1000).fill('\u0000'), 'body', { limit: 3 })).toHaveLength(3);
  });

  it('skips bytes and dates', () => {
    expect(unstorableTextViolations({ raw: new Uint8Array([0]), at: new Date(0) }, 'x')).toEqual([]);
  });
});

describe('the dictionaries routers build', () => {
  it('walks an object whose prototype is a null-prototype object', () => {
    function NullObject() {}
    NullObject.prototype = Object.create(null);
    const params = new (NullObject as unknown as new () => Record<string, string>)();
    params.token = '\u0000';
    expect(unstorableTextViolations(params, 'params')).toEqual([
      { field: 'params.token', message: 'must not contain NUL characters (U+0000)' },
    ]);
  });
});
