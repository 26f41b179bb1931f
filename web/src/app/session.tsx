import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import { getJson, storeToken, storedToken } from '../api/client';
import type { Me, Scope } from '../api/types';

interface Session {
  readonly token: string | null;
  readonly me: Me | undefined;
  readonly loading: boolean;
  readonly error: unknown;
  signIn(token: string): void;
  signOut(): void;
  /** Whether the token carries a scope. */
  can(scope: Scope): boolean;
}

const SessionContext = createContext<Session | null>(null);

/** The signed-in token (kept for the browser tab only) and who the API says it is. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [token, setToken] = useState(storedToken);
  const me = useQuery({
    queryKey: ['me', token],
    queryFn: ({ signal }) => getJson<Me>('/me', { signal }),
    enabled: token !== null,
    retry: false,
    staleTime: 60_000,
  });
  const signIn = useCallback(
    (t: string) => {
      storeToken(t);
      // Another identity must never see the previous one's cached rows.
      client.clear();
      setToken(t);
    },
    [client],
  );
  const signOut = useCallback(() => {
    storeToken(null);
    client.clear();
    setToken(null);
  }, [client]);
  const value = useMemo<Session>(
    () => ({
      token,
      me: me.data,
      loading: token !== null && me.isPending,
      error: me.error,
      signIn,
      signOut,
      can: (scope) => me.data?.scopes.includes(scope) ?? false,
    }),
    [token, me.data, me.isPending, me.error, signIn, signOut],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
