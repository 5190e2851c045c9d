// Contact extraction from HTML pages (issue 13 §4). One entry point, pure and synchronous: the crawl
// worker hands it each fetched page and gets back the links to follow and the leads on the page.
export { extractPage } from './extract-page';
export type {
  ExtractedCompany,
  ExtractedContact,
  ExtractedPerson,
  PageExtraction,
  PageLink,
  PersonSource,
} from './page-extraction';
export type { SocialProfile } from './social-profiles';
