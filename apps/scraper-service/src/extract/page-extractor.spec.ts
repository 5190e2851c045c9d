import { loadExtractionFixtures } from '../../test/fixtures/extract/extraction-fixtures';
import { extractPage } from './extract-page';
import { createPageExtractor, type PageExtractor } from './page-extractor';

const site = 'https://www.acme-widgets.co.uk';
const pages = loadExtractionFixtures();

describe('page extractor (worker threads)', () => {
  let extractor: PageExtractor | undefined;
  afterEach(async () => {
    await extractor?.close();
    extractor = undefined;
  });

  it('yields what extractPage yields in this thread, for every fixture page at once', async () => {
    extractor = createPageExtractor({ threads: 2 });
    const running = extractor;
    const results = await Promise.all(pages.map((page) => running.extract(page.html, site + page.path)));
    expect(results).toEqual(pages.map((page) => extractPage(page.html, site + page.path)));
    expect(results.some((result) => result.contacts.length > 0)).toBe(true);
  });

  it('with no threads, extracts in the caller', async () => {
    extractor = createPageExtractor({ threads: 0 });
    const page = pages[0]!;
    expect(await extractor.extract(page.html, site + page.path)).toEqual(
      extractPage(page.html, site + page.path),
    );
  });

  it('refuses the pages of a thread that stops, and every page after close', async () => {
    const closing = createPageExtractor({ threads: 1 });
    // A page large enough to be in the thread still when close() ends it.
    const big = `<p>${'lorem ipsum dolor sit amet '.repeat(400_000)}</p>`;
    const inFlight = closing.extract(big, `${site}/big`);
    await closing.close();
    await expect(inFlight).rejects.toThrow('the extraction thread stopped');
    await expect(closing.extract('<p>x</p>', `${site}/`)).rejects.toThrow('the page extractor is closed');
  });
});
