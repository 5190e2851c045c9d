export {
  decodePageToken,
  defaultPageSize,
  encodePageToken,
  listingFingerprint,
  maxPageSize,
  pageOf,
  readPageRequest,
} from './page-token';
export type { ListPosition, PageTokenOptions } from './page-token';
