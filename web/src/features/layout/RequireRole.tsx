import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useHasRole, type Role } from "./roles";

/**
 * Renders its children for users with `role`; others get words instead of a page of errors.
 * The server checks the role as well; this only spares a viewer a page that cannot load.
 */
export function RequireRole({ role, children }: { role: Role; children: ReactNode }) {
  const { t } = useTranslation();
  const allowed = useHasRole(role);
  if (allowed) return children;
  return (
    <p role="alert" data-testid="forbidden" className="p-8 text-center text-slate-600 dark:text-slate-300">
      {t("console.forbidden", { role: t(`roles.${role}`) })}
    </p>
  );
}
