import { Parser } from 'htmlparser2';
import { createPageReader } from './page-reader';
import type { PageExtraction } from './page-extraction';
import { pageResult } from './page-result';

/**
 * Reads one HTML page in a single htmlparser2 pass: its links (for the crawler), title, language,
 * canonical URL and robots meta, and the leads on it (contacts, people, company, phones, social
 * profiles). Pure and synchronous; `pageUrl` resolves links and is every contact's sourceUrl. Linear in
 * the size of the page; a page nested deeper than htmlparser2 can parse in linear time is cut there
 * (`truncated` says so).
 */
export function extractPage(html: string, pageUrl: string): PageExtraction {
  const reader = createPageReader(pageUrl);
  const parser = new Parser(reader.handler, { decodeEntities: true, lowerCaseTags: true });
  reader.attach(parser);
  parser.end(html);
  return pageResult(reader.finish());
}
