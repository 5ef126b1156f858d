/** Who is signed in: the token (sessionStorage: gone when the tab closes) and, when the server says, the role. */
import { createContext, useContext } from 'react';
import type { Session } from './api';

export const SessionContext = createContext<{ session: Session; signOut: () => void } | null>(null);

export function useSession(): { session: Session; signOut: () => void } {
  const value = useContext(SessionContext);
  if (value === null) throw new Error('useSession outside a signed-in page');
  return value;
}
