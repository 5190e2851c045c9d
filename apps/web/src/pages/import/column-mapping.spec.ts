import {
  choiceFromEntry,
  choiceFromValue,
  choiceValue,
  mappedColumns,
  mappingJson,
  mappingProblems,
  type MappedColumn,
} from './column-mapping';
import { newProgressId } from './upload-import';

const columns = (...entries: string[]): MappedColumn[] =>
  mappedColumns(
    entries.map((_, i) => `h${i}`),
    [],
    entries.map((target, i) => ({ target, customKey: `h${i}` })),
  );

describe('the column mapping', () => {
  it('starts from the guesses, with each column’s sample value', () => {
    const mapped = mappedColumns(
      ['Mail', 'Score', 'x'],
      ['a@example.com', '9'],
      [
        { target: 'email', customKey: 'mail' },
        { target: 'custom:score', customKey: 'score' },
        { target: 'ignore', customKey: 'x' },
      ],
    );
    expect(mapped).toEqual([
      {
        header: 'Mail',
        sample: 'a@example.com',
        choice: { kind: 'field', field: 'email' },
        customKey: 'mail',
      },
      { header: 'Score', sample: '9', choice: { kind: 'custom', key: 'score' }, customKey: 'score' },
      { header: 'x', sample: '', choice: { kind: 'ignore' }, customKey: 'x' },
    ]);
    expect(mappingJson(mapped)).toBe('["email","custom:score","ignore"]');
  });

  it('reads an unknown entry as ignore', () => {
    expect(choiceFromEntry('nickname')).toEqual({ kind: 'ignore' });
  });

  it('turns select values into choices, "custom" taking the header’s key', () => {
    const [column] = columns('ignore');
    expect(choiceValue({ kind: 'custom', key: 'a' })).toBe('custom');
    expect(choiceFromValue('custom', column!)).toEqual({ kind: 'custom', key: 'h0' });
    expect(choiceFromValue('company', column!)).toEqual({ kind: 'field', field: 'company' });
    expect(choiceFromValue('ignore', column!)).toEqual({ kind: 'ignore' });
  });

  it('needs one email column, custom keys the API takes, and no field filled twice', () => {
    expect(mappingProblems(columns('email', 'firstName', 'custom:notes', 'ignore', 'ignore'))).toEqual([]);
    expect(mappingProblems(columns('firstName'))).toEqual([
      { message: 'Choose the column that holds the email address.' },
    ]);
    expect(mappingProblems(columns('email', 'company', 'company'))).toEqual([
      { column: 2, message: 'Column 2 fills this already: choose one of them.' },
    ]);
    const badKey = columns('email', 'custom:x');
    badKey[1]!.choice = { kind: 'custom', key: '' };
    expect(mappingProblems(badKey)).toEqual([
      { column: 1, message: expect.stringMatching(/custom field name/) },
    ]);
  });
});

describe('newProgressId', () => {
  it('makes version 4 UUIDs, each different', () => {
    const ids = new Set(Array.from({ length: 100 }, newProgressId));
    expect(ids.size).toBe(100);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
