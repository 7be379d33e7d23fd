import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { useLogout, useMe } from "../auth/useAuth";

export function UserMenu() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const me = useMe();
  const logout = useLogout();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const close = (event: MouseEvent | KeyboardEvent) => {
      if (event instanceof KeyboardEvent ? event.key === "Escape" : !root.current?.contains(event.target as Node)) {
        setOpen(false);
      }
    };
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", close);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", close);
    };
  }, [open]);

  const user = me.data;
  if (!user) return null;

  return (
    <div ref={root} className="relative">
      <button
        type="button"
        data-testid="user-menu"
        aria-label={t("header.userMenu")}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((value) => !value)}
        className="flex items-center gap-2 rounded-md border border-slate-300 px-2 py-1 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
      >
        <span aria-hidden="true" className="grid size-6 place-items-center rounded-full bg-teal-700 text-xs font-semibold text-white uppercase">
          {user.username.slice(0, 1)}
        </span>
        <span>{user.username}</span>
      </button>
      {open && (
        <div
          id={menuId}
          role="menu"
          className="absolute right-0 z-20 mt-2 w-56 rounded-md border border-slate-200 bg-white p-1 shadow-lg dark:border-slate-700 dark:bg-slate-900"
        >
          <div className="px-3 py-2 text-sm">
            <p className="font-medium">{t("header.signedInAs", { username: user.username })}</p>
            <p className="text-slate-500 dark:text-slate-400">{t("header.role", { role: t(`roles.${user.role}`, user.role) })}</p>
          </div>
          <button
            type="button"
            role="menuitem"
            data-testid="logout"
            disabled={logout.isPending}
            onClick={() => logout.mutate(undefined, { onSettled: () => void navigate("/login", { replace: true }) })}
            className="w-full rounded px-3 py-2 text-left text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
          >
            {t("header.logout")}
          </button>
        </div>
      )}
    </div>
  );
}
