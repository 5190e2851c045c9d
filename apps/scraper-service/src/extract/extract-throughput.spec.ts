import { Parser } from 'htmlparser2';
import {
  expectedFacts,
  foundFacts,
  loadExtractionFixtures,
} from '../../test/fixtures/extract/extraction-fixtures';
import { extractPage } from './extract-page';
import type { PageExtraction } from './page-extraction';

// Prints how many ~8 KB pages (the home page of the fixture site) one core extracts per second of CPU
// time, beside a bare htmlparser2 pass over the same page (CPU time, as the CI machine is shared and
// wall time there says little). It asserts what was extracted, never how fast. The page repeats, so
// its phone numbers come from the parsed-number memo after the first page, as on a real site's pages.
// Run alone to read the figure:
//   NODE_OPTIONS=--experimental-vm-modules npx jest apps/scraper-service/src/extract/extract-throughput
const home = loadExtractionFixtures().find((page) => page.path === '/index.html');
const pages = 2_000;

function pagesPerCpuSecond(run: () => void): number {
  for (let warmUp = 0; warmUp < 200; warmUp++) run();
  const started = process.cpuUsage();
  for (let page = 0; page < pages; page++) run();
  const used = process.cpuUsage(started);
  return pages / ((used.user + used.system) / 1e6);
}

describe('extraction throughput', () => {
  it('extracts the ~8 KB home page the same way every time, and prints pages per CPU-second', () => {
    if (home === undefined) throw new Error('the fixture site has no /index.html');
    const url = `https://www.acme-widgets.co.uk${home.path}`;
    const results: PageExtraction[] = [];
    const extracting = pagesPerCpuSecond(() => {
      if (results.length < 100) results.push(extractPage(home.html, url));
      else extractPage(home.html, url);
    });
    const parsing = pagesPerCpuSecond(() => new Parser({}).end(home.html));
    const expected = [...expectedFacts(home)].sort();
    expect(
      results.filter((result) => [...foundFacts(result)].sort().join('\n') !== expected.join('\n')),
    ).toEqual([]);
    process.stdout.write(
      `extractPage: ${Math.round(extracting)} pages per CPU-second on a ${home.html.length}-character page ` +
        `(a bare htmlparser2 pass: ${Math.round(parsing)})\n`,
    );
  });
});
