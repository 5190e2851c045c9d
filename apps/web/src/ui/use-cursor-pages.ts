import { useCallback, useState } from 'react';

/**
 * The cursors of the pages seen so far, for the API's cursor paging (nextCursor): page 0 has none,
 * "next" pushes the answer's nextCursor, "previous" pops. Resetting (a new filter) starts again.
 */
export function useCursorPages() {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const page = cursors.length - 1;
  return {
    page,
    cursor: cursors[page],
    next: useCallback((nextCursor: string | null | undefined) => {
      if (nextCursor) setCursors((seen) => [...seen, nextCursor]);
    }, []),
    previous: useCallback(() => setCursors((seen) => (seen.length > 1 ? seen.slice(0, -1) : seen)), []),
    reset: useCallback(() => setCursors([undefined]), []),
  };
}
