import { useTranslation } from "react-i18next";
import { NavLink } from "react-router";
import { useMe } from "../auth/useAuth";
import { RESOURCE_NAV } from "../resources/navigation";
import { CONSOLE_NAV_BOTTOM, CONSOLE_NAV_TOP, type ConsoleNavGroup } from "./navigation";
import { hasRole } from "./roles";

const GROUPS: ConsoleNavGroup[] = [...CONSOLE_NAV_TOP, ...RESOURCE_NAV, ...CONSOLE_NAV_BOTTOM];

/** The groups and entries the user's role may open; a group left empty is not shown. */
function visibleGroups(role: string | undefined): ConsoleNavGroup[] {
  return GROUPS.map((group) => ({
    ...group,
    entries: group.entries.filter((entry) => entry.role === undefined || hasRole(role, entry.role)),
  })).filter((group) => group.entries.length > 0);
}

export function SideNav() {
  const { t } = useTranslation();
  const role = useMe().data?.role;
  return (
    <nav aria-label={t("nav.label")} className="w-52 shrink-0 overflow-y-auto border-r border-slate-200 p-3 dark:border-slate-800">
      {visibleGroups(role).map((group) => (
        <div key={group.title} className="mb-3">
          <h2 className="px-3 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
            {t(group.title as never)}
          </h2>
          <ul className="space-y-0.5">
            {group.entries.map((link) => (
              <li key={link.to}>
                <NavLink
                  to={link.to}
                  data-testid={link.testId}
                  className={({ isActive }) =>
                    `block rounded-md px-3 py-1.5 text-sm font-medium ${
                      isActive
                        ? "bg-teal-50 text-teal-800 dark:bg-teal-500/15 dark:text-teal-300"
                        : "text-slate-700 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"
                    }`
                  }
                >
                  {t(link.label as never)}
                </NavLink>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
