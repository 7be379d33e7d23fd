import { useMe } from "../auth/useAuth";

/** The Master's roles, weakest first; every route checks one on the server. */
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Whether `role` (as the server spells it) is at least `needed`; an unknown role is none. */
export function hasRole(role: string | undefined, needed: Role): boolean {
  const rank = ROLES.indexOf(role as Role);
  return rank >= 0 && rank >= ROLES.indexOf(needed);
}

/** Whether the signed-in user holds `needed`; false while the session is unknown. */
export function useHasRole(needed: Role): boolean {
  return hasRole(useMe().data?.role, needed);
}
