import { useTranslation } from "react-i18next";
import { Link, Outlet } from "react-router";
import { SearchButton } from "../search/SearchButton";
import { ClusterProvider } from "./ClusterContext";
import { ClusterSwitcher } from "./ClusterSwitcher";
import { LanguageSwitch } from "./LanguageSwitch";
import { SideNav } from "./SideNav";
import { ThemeToggle } from "./ThemeToggle";
import { UserMenu } from "./UserMenu";

export function AppShell() {
  const { t } = useTranslation();
  return (
    <ClusterProvider>
      <div className="flex min-h-screen flex-col">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:p-2">
          {t("app.skipToContent")}
        </a>
        <header className="flex items-center gap-4 border-b border-slate-200 bg-white px-4 py-2 dark:border-slate-800 dark:bg-slate-900">
          <Link to="/overview" className="text-lg font-semibold text-teal-700 dark:text-teal-400" data-testid="product-name">
            {t("app.name")}
          </Link>
          <ClusterSwitcher />
          <SearchButton />
          <div className="ml-auto flex items-center gap-2">
            <LanguageSwitch />
            <ThemeToggle />
            <UserMenu />
          </div>
        </header>
        <div className="flex flex-1">
          <SideNav />
          <main id="main" className="min-w-0 flex-1 p-4">
            <Outlet />
          </main>
        </div>
      </div>
    </ClusterProvider>
  );
}
