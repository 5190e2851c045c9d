import { describeError } from './cli-errors';

describe('describeError', () => {
  it('keeps one line and masks credentials in URLs', () => {
    const error = new Error('cannot reach postgres://admin:hunter2@db.internal:5432/x\n  more detail');
    expect(describeError(error)).toBe('cannot reach postgres://***@db.internal:5432/x more detail');
  });

  it('masks anything shaped like an API key', () => {
    expect(describeError(new Error(`duplicate key crk_${'a'.repeat(43)}`))).toBe('duplicate key crk_***');
  });

  it('lists the distinct causes of an AggregateError (a refused connection to each address)', () => {
    const error = new AggregateError(
      [new Error('connect ECONNREFUSED ::1:1'), new Error('connect ECONNREFUSED 127.0.0.1:1')],
      '',
    );
    expect(describeError(error)).toBe('connect ECONNREFUSED ::1:1; connect ECONNREFUSED 127.0.0.1:1');
  });

  it('describes things that are not errors', () => {
    expect(describeError('plain')).toBe('plain');
  });
});
