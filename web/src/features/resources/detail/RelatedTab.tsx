import { useTranslation } from "react-i18next";
import { errorMessage } from "../../../ui/errorMessage";
import { StatusBadge, statusTone, type Tone } from "../../../ui/StatusBadge";
import { Dash, ObjectLink } from "../cells";
import { isPlural, KINDS } from "../kinds";
import { useRelations } from "../queries";
import type { Plural, RelatedObject } from "../types";
import { Panel } from "./Panel";

interface Props {
  plural: Plural;
  cluster: string;
  namespace: string;
  name: string;
}

const RELATIONS = [
  "owners",
  "owns",
  "runs",
  "runsOn",
  "runsAs",
  "exposedBy",
  "selects",
  "endpoints",
  "routedBy",
  "routesTo",
  "reaches",
  "scaledBy",
  "scales",
  "protectedBy",
  "protects",
  "uses",
  "usedBy",
  "mounts",
  "mountedBy",
  "boundTo",
  "belongsTo",
  "about",
] as const;
type Relation = (typeof RELATIONS)[number];
const isRelation = (value: string): value is Relation => (RELATIONS as readonly string[]).includes(value);

// Kinds whose related status is a state word ("Running", "Bound"); other kinds describe
// themselves ("ClusterIP", "Opaque", "3 keys"), which is no reason for a red badge.
const STATE_KINDS = new Set(["pods", "nodes", "namespaces", "jobs", "persistentvolumes", "persistentvolumeclaims", "events"]);

/** "2/3 ready", "3/3": complete counts are good, partial ones a warning. */
function toneOf(item: RelatedObject): Tone | undefined {
  const ratio = /^(\d+)\/(\d+)/.exec(item.status);
  if (ratio) return ratio[1] === ratio[2] ? "good" : "warn";
  if (item.status === "not found") return "warn";
  return STATE_KINDS.has(item.plural) || statusTone(item.status) !== "bad" ? undefined : "neutral";
}

/** Whether an item can be opened: a kind with pages, and an object the Master holds. */
function linkable(item: RelatedObject): Plural | undefined {
  return isPlural(item.plural) && KINDS[item.plural].nav !== null && item.status !== "not found" ? item.plural : undefined;
}

/** What the object is connected to, one group per relation; every item links to its page. */
export function RelatedTab({ plural, cluster, namespace, name }: Props) {
  const { t } = useTranslation();
  const relations = useRelations(plural, cluster, namespace, name);
  if (relations.isPending) return <Panel testId="related-loading">{t("list.loading")}</Panel>;
  if (relations.isError) {
    return (
      <Panel testId="related-error" tone="error">
        {t("detail.relatedError", { message: errorMessage(relations.error, t) })}
      </Panel>
    );
  }
  const groups = relations.data.groups;
  if (groups.length === 0) return <Panel testId="related-empty">{t("detail.noRelated")}</Panel>;
  return (
    <div className="space-y-5">
      {groups.map((group) => (
        <section key={group.relation} data-testid="related-group" data-relation={group.relation} aria-label={group.relation}>
          <h2 className="mb-1.5 text-sm font-semibold">
            {isRelation(group.relation) ? t(`relations.${group.relation}`) : group.relation}
            <span className="ml-2 font-normal text-slate-500 dark:text-slate-400">
              {group.total > group.items.length
                ? t("detail.relatedSome", { shown: group.items.length, total: group.total })
                : group.total}
            </span>
          </h2>
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white text-sm dark:divide-slate-800 dark:border-slate-800 dark:bg-slate-900">
            {group.items.map((item, index) => (
              <li
                key={`${item.kind}/${item.namespace}/${item.name}/${index}`}
                data-testid="related-item"
                data-kind={item.kind}
                className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2"
              >
                <span className="w-36 shrink-0 text-xs text-slate-500 dark:text-slate-400">{item.kind}</span>
                <span className="font-mono text-xs">
                  <ObjectLink plural={linkable(item)} cluster={cluster} namespace={item.namespace} name={item.name}>
                    {item.namespace && item.namespace !== namespace ? `${item.namespace}/${item.name}` : item.name}
                  </ObjectLink>
                </span>
                {item.status ? <StatusBadge status={item.status} tone={toneOf(item)} /> : <Dash />}
                {item.detail && <span className="min-w-0 truncate text-slate-600 dark:text-slate-400" title={item.detail}>{item.detail}</span>}
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
