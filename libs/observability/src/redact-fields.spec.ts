import { redactFields } from './redact-fields';

describe('redactFields', () => {
  it.each([
    [{ a: { b: { c: { d: { password: 'x', ok: 1 } } } } }, { a: { b: { c: { d: { ok: 1 } } } } }],
    [{ headers: { Authorization: 'Bearer x', Accept: 'json' } }, { headers: { Accept: 'json' } }],
    [{ steps: [{ subject: 's', htmlBody: 'h', position: 1 }] }, { steps: [{ position: 1 }] }],
    [{ note: 'via smtp://u:p@host:25' }, { note: 'via smtp://[redacted]@host:25' }],
    [
      {
        headers: {
          cookie: 'cr_session=s',
          'Set-Cookie': 'cr_session=s',
          'x-csrf-token': 't',
          vary: 'Origin',
        },
      },
      { headers: { vary: 'Origin' } },
    ],
    [{ session: { csrfToken: 't', sessionId: 's', userId: 'u' } }, { session: { userId: 'u' } }],
    [{ body: 'b', currentPassword: 'c', newPassword: 'n', field: 'f' }, { field: 'f' }],
    [
      { a: { b: { c: { d: { e: { f: { g: 1 } } } } } } },
      { a: { b: { c: { d: { e: { f: '[too deep to log]' } } } } } },
    ],
  ])('%j → %j', (fields, logged) => {
    expect(redactFields(fields, true)).toEqual(logged);
  });

  it('leaves objects that are not plain to their serializers, unless asked to walk them', () => {
    const error = Object.assign(new Error('x'), { password: 'p' });
    expect(redactFields({ err: error }, true)).toEqual({ err: error });
    expect(
      redactFields(Object.assign(Object.create({ kind: 'serialized' }), { password: 'p', a: 1 }), false),
    ).toEqual({
      a: 1,
    });
  });
});
