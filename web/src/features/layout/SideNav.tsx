import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";

const LINKS = [
  { to: "/pods", key: "nav.pods", testId: "nav-pods" },
  { to: "/nodes", key: "nav.nodes", testId: "nav-nodes" },
] as const;

export function SideNav() {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("nav.label")} className="w-48 shrink-0 border-r border-slate-200 p-3 dark:border-slate-800">
      <ul className="space-y-1">
        {LINKS.map((link) => (
          <li key={link.to}>
            <NavLink
              to={link.to}
              data-testid={link.testId}
              className={({ isActive }) =>
                `block rounded-md px-3 py-2 text-sm font-medium ${
                  isActive
                    ? "bg-teal-50 text-teal-800 dark:bg-teal-500/15 dark:text-teal-300"
                    : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
                }`
              }
            >
              {t(link.key)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
