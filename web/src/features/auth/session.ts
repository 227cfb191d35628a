import { createContext, useContext } from 'react';
import type { Me, Permission } from '../../app/types';

/** The signed-in user, shared by every view (to hide what the role cannot do). */
export const SessionContext = createContext<Me | null>(null);

export function useSession(): Me {
  const me = useContext(SessionContext);
  if (!me) throw new Error('useSession outside a signed-in view');
  return me;
}

export function useCan(perm: Permission): boolean {
  return useSession().permissions.includes(perm);
}
