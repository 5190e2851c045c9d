import { previewCsv } from './csv-preview';

describe('previewCsv', () => {
  it.each([
    [
      'a comma file',
      'email,name\na@example.com,Ada\nb@example.com,Bob\n',
      true,
      ['email', 'name'],
      ['a@example.com', 'Ada'],
    ],
    [
      'a semicolon file with a BOM',
      '\ufeffEmail;Name\r\n\r\nx@example.com;X\r\n',
      true,
      ['Email', 'Name'],
      ['x@example.com', 'X'],
    ],
    [
      'quoted cells',
      '"Full, Name","Say ""hi""\nthere"\n"A, B",c',
      true,
      ['Full, Name', 'Say "hi"\nthere'],
      ['A, B', 'c'],
    ],
    ['a header alone', 'email', true, ['email'], []],
    [
      'the start of a larger file, its last row cut',
      'email,name\na@example.com,Ad',
      false,
      ['email', 'name'],
      [],
    ],
  ])('reads the header and first row of %s', async (_name, text, complete, header, sample) => {
    await expect(previewCsv(text, complete)).resolves.toEqual({ header, sample });
  });

  it('says why there is no header', async () => {
    await expect(previewCsv('', true)).rejects.toThrow(/empty/);
  });
});
