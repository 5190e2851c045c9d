export { isUuid } from './is-uuid';
export { uuidFromParts } from './uuid-from-parts';
export { requireUuid, requireUuids } from './require-uuid';
