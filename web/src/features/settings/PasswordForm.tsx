import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { ApiError } from "../../api/client";
import { PRIMARY_BUTTON } from "../../ui/controls";
import { PasswordField } from "../../ui/Field";
import { errorMessage } from "../../ui/errorMessage";
import { FormError } from "../../ui/FormError";
import { passwordProblem } from "./passwords";
import { useChangePassword } from "./useSettings";

/** Current, new and confirmed password; every failure in words. */
export function PasswordForm() {
  const { t } = useTranslation();
  const change = useChangePassword();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [confirm, setConfirm] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    const wrong = current ? passwordProblem(next, confirm, t) : t("settings.password.currentMissing");
    setProblem(wrong);
    if (wrong !== null) return;
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setCurrent("");
          setNext("");
          setConfirm("");
          setDone(true);
        },
      },
    );
  };

  let failure: string | null = null;
  if (change.isError) {
    const error = change.error;
    if (error instanceof ApiError && error.status === 403) failure = t("settings.password.wrongCurrent");
    else if (error instanceof ApiError && error.status === 429) failure = t("auth.rateLimited");
    else failure = t("settings.password.failed", { message: errorMessage(error, t) });
  }

  return (
    <form onSubmit={submit} noValidate data-testid="password-form" className="max-w-sm space-y-3">
      <PasswordField label={t("settings.password.current")} value={current} onChange={setCurrent} autoComplete="current-password" />
      <PasswordField label={t("settings.password.new")} value={next} onChange={setNext} />
      <PasswordField label={t("settings.password.confirm")} value={confirm} onChange={setConfirm} />
      {(problem ?? failure) && <FormError>{problem ?? failure}</FormError>}
      {done && (
        <p role="status" data-testid="password-changed" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950/40 dark:text-emerald-200">
          {t("settings.password.changed")}
        </p>
      )}
      <button type="submit" data-testid="password-submit" className={PRIMARY_BUTTON} disabled={change.isPending}>
        {t("settings.password.submit")}
      </button>
    </form>
  );
}
