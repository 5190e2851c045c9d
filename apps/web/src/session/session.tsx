import { useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, setCsrfToken, setUnauthenticatedHandler, unwrap } from '../api/client';
import type { components } from '../gen/api-schema';

export type SessionInfo = components['schemas']['Session'];

interface SessionState {
  /** undefined while the first GET /api/session is in flight; null when signed out. */
  session: SessionInfo | null | undefined;
  /** Why the last session ended without a sign-out (shown on the sign-in page). */
  endedReason: string | null;
  signIn(email: string, password: string): Promise<void>;
  signOut(): Promise<void>;
  switchWorkspace(workspaceId: string): Promise<void>;
  /** After a password change: the server issued a new session (the old ones are revoked). */
  replace(session: SessionInfo): void;
}

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const [session, setSession] = useState<SessionInfo | null | undefined>(undefined);
  const [endedReason, setEndedReason] = useState<string | null>(null);

  const start = useCallback(
    (next: SessionInfo | null) => {
      setCsrfToken(next?.csrfToken ?? null);
      // Nothing cached for one workspace or user may show for another.
      queries.clear();
      setSession(next);
    },
    [queries],
  );

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setEndedReason('Your session has ended. Sign in again to continue.');
      start(null);
    });
    api.GET('/api/session').then(
      ({ data }) => start(data ?? null),
      () => start(null),
    );
  }, [start]);

  const value = useMemo<SessionState>(
    () => ({
      session,
      endedReason,
      async signIn(email, password) {
        const next = await unwrap(api.POST('/api/session', { body: { email, password } }));
        setEndedReason(null);
        start(next);
      },
      async signOut() {
        await unwrap(api.DELETE('/api/session'));
        start(null);
      },
      async switchWorkspace(workspaceId) {
        start(await unwrap(api.PUT('/api/session/workspace', { body: { workspaceId } })));
      },
      replace: start,
    }),
    [session, endedReason, start],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The signed-in session of a page behind the sign-in (the layout renders pages only then). */
export function useSignedIn(): SessionInfo {
  const { session } = useSession();
  if (!session) throw new Error('useSignedIn on a page shown without a session');
  return session;
}
