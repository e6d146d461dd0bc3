import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, type ReactNode } from 'react';
import { ApiError, get, onSignedOut, request, setCsrfToken, type User } from './api.ts';

interface SessionState {
  user: User;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

export function SessionProvider({ user, children }: { user: User; children: ReactNode }) {
  const client = useQueryClient();
  const signOut = async () => {
    await request('POST', '/api/auth/logout').catch(() => undefined);
    setCsrfToken(undefined);
    client.clear();
    await client.invalidateQueries({ queryKey: ['me'] });
  };
  return <SessionContext value={{ user, signOut }}>{children}</SessionContext>;
}

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSession outside SessionProvider');
  return state;
}

/** The signed-in user (and the CSRF token kept for changes), or null when nobody is signed in. */
export function useMe() {
  const client = useQueryClient();
  useEffect(
    () =>
      onSignedOut(() => {
        client.setQueryData(['me'], null);
      }),
    [client],
  );
  return useQuery({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        const me = await get<{ user: User; csrfToken: string }>('/api/me');
        setCsrfToken(me.csrfToken);
        return me.user;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: Infinity,
  });
}

/** Only the controller imports, edits the organisation and manages users. */
export function administers(user: User): boolean {
  return user.role === 'controller';
}
