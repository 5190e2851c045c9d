import { createCsvRecordReader, maxColumns, sniffDelimiter } from './csv-record-reader';

describe('sniffDelimiter', () => {
  it.each([
    ['email,name,company\n', ','],
    ['email;name;company\r\n', ';'],
    ['email\tname\n', '\t'],
    ['"a,b";c;d\n', ';'],
    ['email\n', ','],
    ['email;name\nx,y,z,w,v\n', ';'],
  ])('reads %j as separated by %j', (text, delimiter) => {
    expect(sniffDelimiter(text)).toBe(delimiter);
  });
});

describe('createCsvRecordReader', () => {
  it('returns records as chunks complete them, whatever the chunk boundaries', async () => {
    const reader = createCsvRecordReader();
    const text = 'email,name\r\na@example.com,"Ann, ""the"" first"\n\nb@example.com,Bé\n';
    const records: string[][] = [];
    for (const chunk of Buffer.from(text)
      .toString('latin1')
      .match(/[\s\S]{1,3}/g) ?? []) {
      records.push(...(await reader.write(Buffer.from(chunk, 'latin1'))).records);
    }
    const last = await reader.end();
    expect(last.error).toBeUndefined();
    records.push(...last.records);
    expect(records).toEqual([
      ['email', 'name'],
      ['a@example.com', 'Ann, "the" first'],
      ['b@example.com', 'Bé'],
    ]);
  });

  it('reads the delimiter off the whole header line, even when it arrives byte by byte', async () => {
    const reader = createCsvRecordReader();
    const records: string[][] = [];
    for (const byte of Buffer.from('\uFEFFemail;name\na@example.com;Ann, Jr.\n')) {
      records.push(...(await reader.write(Buffer.from([byte]))).records);
    }
    records.push(...(await reader.end()).records);
    expect(records).toEqual([
      ['email', 'name'],
      ['a@example.com', 'Ann, Jr.'],
    ]);
  });

  it('parses a file without any line break at end', async () => {
    const reader = createCsvRecordReader();
    expect((await reader.write('email;name')).records).toEqual([]);
    expect(await reader.end()).toEqual({ records: [['email', 'name']] });
  });

  it('keeps the records before an error in the same chunk, and names the error without quoting data', async () => {
    const reader = createCsvRecordReader();
    const first = await reader.write('email\na@example.com\nb@example.com\n"secret-value\n');
    expect(first.records).toEqual([['email'], ['a@example.com'], ['b@example.com']]);
    const last = await reader.end();
    expect(last.error).toBe('a quoted field is never closed');
    expect(JSON.stringify(last)).not.toContain('secret-value');
  });

  it('ends cleanly when nothing was written', async () => {
    expect(await createCsvRecordReader().end()).toEqual({ records: [] });
  });
});

describe('createCsvRecordReader limits', () => {
  it('stops at a row of more columns than any export has, before building it', async () => {
    const reader = createCsvRecordReader();
    const result = await reader.write(`email\na@example.com\n${','.repeat(1_000_000)}\n`);
    expect(result).toEqual({
      records: [['email'], ['a@example.com']],
      error: `a row has more than ${maxColumns} columns`,
    });
  });

  it('stops at a field longer than a row may be, quoted or not', async () => {
    for (const field of [`"${'x'.repeat(2_000_000)}"`, 'x'.repeat(2_000_000)]) {
      const reader = createCsvRecordReader();
      expect((await reader.write(`email\n${field}\n`)).error).toBe('the row is longer than 1048576 bytes');
    }
  });
});
