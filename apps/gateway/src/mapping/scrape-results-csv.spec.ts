import { parse } from 'csv-parse/sync';
import { csvCell, scrapeResultCsvLine, scrapeResultsCsvHeader } from './scrape-results-csv';
import type { ScrapeResultJson } from './scrape-mapping';

const result: ScrapeResultJson = {
  id: '0d9c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a',
  jobId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
  email: 'ada@example.com',
  name: 'Lovelace, Ada "Countess"',
  title: '=HYPERLINK("http://evil.example","click")',
  phone: '+442071234567',
  company: null,
  socialProfiles: ['https://github.com/ada', 'https://x.com/ada'],
  sourceUrl: 'https://example.com/team',
  foundAt: '2030-01-02T03:04:05.000Z',
  leadId: null,
};

describe('CSV cells', () => {
  it.each([
    ['plain', 'plain'],
    ['', ''],
    [null, ''],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['crlf\r\n', '"crlf\r\n"'],
    // A spreadsheet would run these as formulas: they are kept as text.
    ['=1+1', "'=1+1"],
    ['+1 555 0100', "'+1 555 0100"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=1', "'\t=1"],
    ['\r=1', '"\'\r=1"'],
    ['=A1,B1', '"\'=A1,B1"'],
    // Only the first character matters.
    ['a=1', 'a=1'],
    ['ada@example.com', 'ada@example.com'],
  ])('%j is written %j', (value, written) => {
    expect(csvCell(value)).toBe(written);
  });
});

describe('a result as a CSV line', () => {
  it('reads back, through a CSV parser, as the same values with formulas neutralised', () => {
    const rows = parse(scrapeResultsCsvHeader + scrapeResultCsvLine(result), { columns: true }) as Record<
      string,
      string
    >[];
    expect(rows).toEqual([
      {
        email: 'ada@example.com',
        name: 'Lovelace, Ada "Countess"',
        title: `'=HYPERLINK("http://evil.example","click")`,
        phone: "'+442071234567",
        company: '',
        socialProfiles: 'https://github.com/ada https://x.com/ada',
        sourceUrl: 'https://example.com/team',
        foundAt: '2030-01-02T03:04:05.000Z',
        leadId: '',
        jobId: '6f1d2c3b-4a5e-4f60-8a7b-9c0d1e2f3a4b',
      },
    ]);
  });

  it('ends with CRLF, as the header does', () => {
    expect(scrapeResultsCsvHeader.endsWith('\r\n')).toBe(true);
    expect(scrapeResultCsvLine(result).endsWith('\r\n')).toBe(true);
  });
});
