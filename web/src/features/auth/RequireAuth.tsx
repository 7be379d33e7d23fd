import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation } from "react-router";
import { errorMessage } from "../../ui/errorMessage";
import { useMe } from "./useAuth";

/** Renders its children for a signed-in user; sends everyone else to /login. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const location = useLocation();
  const me = useMe();

  if (me.isPending) {
    return (
      <p role="status" className="p-8 text-center text-slate-500">
        {t("auth.checking")}
      </p>
    );
  }
  if (me.isError) {
    return (
      <p role="alert" className="p-8 text-center text-red-700 dark:text-red-300">
        {errorMessage(me.error, t)}
      </p>
    );
  }
  if (me.data === null) {
    return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  }
  return children;
}
