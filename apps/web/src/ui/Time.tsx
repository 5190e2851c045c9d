import { formatTime } from './format-time';

/** A time from the API, machine-readable in dateTime, a dash when there is none. */
export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span aria-label="none">—</span>;
  return <time dateTime={iso}>{formatTime(iso)}</time>;
}
