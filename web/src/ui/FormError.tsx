import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { errorMessage } from "./errorMessage";

/** A form's problem or a mutation's failure, in the server's words when it sent any. */
export function FormError({ error, children }: { error?: unknown; children?: ReactNode }) {
  const { t } = useTranslation();
  return (
    <p role="alert" data-testid="form-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/40 dark:text-red-200">
      {children ?? errorMessage(error, t)}
    </p>
  );
}
