/**
 * A CSV answer read page by page from a listing RPC: the header, then one chunk per page until the
 * page without a next token. Only one page is held at a time; each next page is asked for when the
 * reader wants more (as a Readable's source, the generator runs on demand).
 */
export async function* pagedCsv<Page extends { nextPageToken: string }>(
  header: string,
  first: Page,
  next: (pageToken: string) => Promise<Page>,
  lines: (page: Page) => string[],
): AsyncGenerator<string> {
  yield header;
  let page = first;
  for (;;) {
    const rows = lines(page);
    if (rows.length > 0) yield rows.join('');
    if (page.nextPageToken === '') return;
    page = await next(page.nextPageToken);
  }
}
