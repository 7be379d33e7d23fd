import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { errorMessage } from "../../ui/errorMessage";
import { RelativeTime } from "../../ui/RelativeTime";
import { StatusBadge } from "../../ui/StatusBadge";
import { CommandTarget } from "../commands/CommandTarget";
import { useCommands } from "../commands/useCommands";
import { Card, Note } from "./Card";

/** The last few commands on this cluster (or any, for the fleet). */
export function RecentCommands({ cluster }: { cluster: string }) {
  const { t } = useTranslation();
  const commands = useCommands({ cluster: cluster === "*" ? "" : cluster, status: "", action: "", createdBy: "", offset: 0, limit: 5 });
  const items = commands.data?.items;
  return (
    <Card
      title={t("overview.commands.title")}
      testId="overview-commands"
      action={
        <Link to="/commands" className="text-xs text-teal-700 hover:underline dark:text-teal-400">
          {t("overview.commands.all")}
        </Link>
      }
    >
      {commands.isError && <Note alert>{errorMessage(commands.error, t)}</Note>}
      {items === undefined ? (
        !commands.isError && <Note>{t("list.loading")}</Note>
      ) : items.length === 0 ? (
        <Note testId="overview-no-commands">{t("overview.commands.none")}</Note>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
          {items.map((command) => (
            <li key={command.id} data-testid="recent-command" className="flex flex-wrap items-center gap-x-2 py-1.5">
              <span className="font-medium">{command.action}</span>
              <CommandTarget command={command} />
              <StatusBadge status={command.status} />
              <span className="ml-auto text-xs text-slate-500">
                {t("overview.commands.by", { user: command.createdBy })} · <RelativeTime iso={command.createdAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
