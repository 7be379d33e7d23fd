import { useId, useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { Navigate, useLocation, useNavigate } from "react-router";
import { ApiError } from "../../api/client";
import { errorMessage } from "../../ui/errorMessage";
import { LanguageSwitch } from "../layout/LanguageSwitch";
import { ThemeToggle } from "../layout/ThemeToggle";
import { useLogin, useMe } from "./useAuth";

function redirectTarget(state: unknown): string {
  if (typeof state === "object" && state !== null && "from" in state) {
    const from = state.from;
    if (typeof from === "string" && from.startsWith("/") && !from.startsWith("/login")) return from;
  }
  return "/overview";
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const me = useMe();
  const login = useLogin();
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const usernameId = useId();
  const passwordId = useId();
  const target = redirectTarget(location.state);

  if (me.data) return <Navigate to={target} replace />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    login.mutate({ username, password }, { onSuccess: () => void navigate(target, { replace: true }) });
  };

  let failure: string | null = null;
  if (login.isError) {
    const error = login.error;
    if (error instanceof ApiError && error.status === 401) failure = t("auth.invalidCredentials");
    else if (error instanceof ApiError && error.status === 429) failure = t("auth.rateLimited");
    else failure = t("auth.failed", { message: errorMessage(error, t) });
  }

  const input =
    "w-full rounded-md border border-slate-300 bg-white px-3 py-2 outline-none focus:border-teal-600 focus:ring-2 focus:ring-teal-600/30 dark:border-slate-600 dark:bg-slate-900";

  return (
    <div className="flex min-h-screen flex-col bg-slate-50 dark:bg-slate-950">
      <div className="flex justify-end gap-2 p-4">
        <LanguageSwitch />
        <ThemeToggle />
      </div>
      <main className="flex flex-1 items-start justify-center px-4 pt-16">
        <form
          onSubmit={onSubmit}
          aria-labelledby="login-title"
          data-testid="login-form"
          className="w-full max-w-sm space-y-5 rounded-xl border border-slate-200 bg-white p-8 shadow-sm dark:border-slate-800 dark:bg-slate-900"
        >
          <div>
            <p className="text-2xl font-semibold text-teal-700 dark:text-teal-400">{t("app.name")}</p>
            <p className="text-sm text-slate-500 dark:text-slate-400">{t("app.tagline")}</p>
          </div>
          <h1 id="login-title" className="text-lg font-medium">
            {t("auth.title")}
          </h1>
          <div className="space-y-1">
            <label htmlFor={usernameId} className="block text-sm font-medium">
              {t("auth.username")}
            </label>
            <input
              id={usernameId}
              name="username"
              autoComplete="username"
              required
              value={username}
              onChange={(event) => setUsername(event.target.value)}
              className={input}
            />
          </div>
          <div className="space-y-1">
            <label htmlFor={passwordId} className="block text-sm font-medium">
              {t("auth.password")}
            </label>
            <input
              id={passwordId}
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => setPassword(event.target.value)}
              className={input}
            />
          </div>
          {failure && (
            <p role="alert" data-testid="login-error" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950/40 dark:text-red-200">
              {failure}
            </p>
          )}
          <button
            type="submit"
            disabled={login.isPending}
            className="w-full rounded-md bg-teal-700 px-3 py-2 font-medium text-white hover:bg-teal-800 disabled:opacity-60"
          >
            {login.isPending ? t("auth.submitting") : t("auth.submit")}
          </button>
        </form>
      </main>
    </div>
  );
}
