import { lazy, Suspense, type ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams, useSearchParams } from "react-router";
import { ApiError } from "../../api/client";
import { ErrorBanner } from "../../ui/ListStates";
import { Tabs } from "../../ui/Tabs";
import { PodLogs } from "../logs/PodLogs";
import { NodeHostLink } from "../hosts/NodeHostLink";
import { NodeHardwareLink } from "../observability/nodes/NodeHardwareLink";
import { ResourceActions } from "../ops/ResourceActions";
import type { components } from "../../api/schema";
import { ConditionsTab } from "./detail/ConditionsTab";
import { ContainersTab } from "./detail/ContainersTab";
import { EventsTab } from "./detail/EventsTab";
import { Panel } from "./detail/Panel";
import { RelatedTab } from "./detail/RelatedTab";
import { SummaryTab } from "./detail/SummaryTab";
import { UsageTab } from "./detail/UsageTab";
import { KINDS } from "./kinds";
import { listPath } from "./paths";
import { useResourceObject } from "./queries";
import type { ObjectOf, Plural } from "./types";

const YamlTab = lazy(() => import("./detail/YamlTab"));

export const TAB_IDS = ["summary", "containers", "conditions", "events", "yaml", "related", "usage", "logs"] as const;
export type TabId = (typeof TAB_IDS)[number];

/** The tabs a kind's page has, in order. */
export function tabsOf(plural: Plural): TabId[] {
  const spec = KINDS[plural];
  const has: Record<TabId, boolean> = {
    summary: true,
    containers: spec.containers === true,
    conditions: spec.conditions === true,
    events: plural !== "events",
    yaml: true,
    related: true,
    usage: spec.usage === true,
    logs: plural === "pods",
  };
  return TAB_IDS.filter((id) => has[id]);
}

/** What the compact object of a kind with a containers or conditions tab carries. */
interface Detailed {
  containers?: components["schemas"]["ContainerInfo"][];
  conditions?: components["schemas"]["Condition"][];
}

/**
 * One object of a kind: a header with its operations, and tabs (summary, containers, conditions,
 * events, YAML, related objects, usage, logs) as the kind has them. The tab is in the URL
 * (`?tab=yaml`), so links can open one.
 */
export function ResourceDetailPage<P extends Plural>({ plural }: { plural: P }) {
  const { t } = useTranslation();
  const spec = KINDS[plural];
  const params = useParams();
  const cluster = params.cluster ?? "";
  const namespace = spec.namespaced ? (params.namespace ?? "") : "";
  const name = params.name ?? "";
  const object = useResourceObject(plural, spec.namespaced, cluster, namespace, name);
  const [search, setSearch] = useSearchParams();
  const tabs = tabsOf(plural);
  const tab = tabs.find((id) => id === search.get("tab")) ?? "summary";
  const title = t(`kinds.${plural}.title`);

  const back = (
    <Link to={listPath(plural)} className="text-teal-700 hover:underline dark:text-teal-400" data-testid="back-to-list">
      {t("detail.backToList", { kind: title })}
    </Link>
  );

  if (object.isError && object.error instanceof ApiError && object.error.status === 404) {
    return (
      <section className="space-y-3 p-8 text-center" data-testid="detail-not-found">
        <h1 className="text-xl font-semibold">{t("detail.notFound", { kind: spec.kind, name })}</h1>
        <p className="text-slate-600 dark:text-slate-400">{t("detail.notFoundHint", { message: object.error.message })}</p>
        {back}
      </section>
    );
  }

  const data: ObjectOf<P> | undefined = object.data;
  const selectTab = (id: TabId) =>
    setSearch(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (id === "summary") next.delete("tab");
        else next.set("tab", id);
        return next;
      },
      { replace: true },
    );

  let panel: ReactNode = null;
  if (data !== undefined) {
    switch (tab) {
      case "summary":
        panel = <SummaryTab plural={plural} cluster={cluster} object={data} />;
        break;
      case "containers":
        panel = (
          <ContainersTab
            cluster={cluster}
            namespace={namespace}
            containers={(data as Detailed).containers ?? []}
            runtime={plural === "pods"}
          />
        );
        break;
      case "conditions":
        panel = <ConditionsTab conditions={(data as Detailed).conditions ?? []} />;
        break;
      case "events":
        panel = <EventsTab plural={plural} cluster={cluster} namespace={namespace} name={name} />;
        break;
      case "yaml":
        panel = (
          <Suspense fallback={<Panel testId="yaml-loading">{t("list.loading")}</Panel>}>
            <YamlTab plural={plural} cluster={cluster} namespace={namespace} name={name} object={data} />
          </Suspense>
        );
        break;
      case "related":
        panel = <RelatedTab plural={plural} cluster={cluster} namespace={namespace} name={name} />;
        break;
      case "usage":
        if (plural === "nodes" || plural === "pods") {
          panel = <UsageTab plural={plural} cluster={cluster} namespace={namespace} name={name} />;
        }
        break;
      case "logs": {
        const pod = data as unknown as ObjectOf<"pods">;
        const containers = [...(pod.containers ?? [])].sort((a, b) => Number(a.init) - Number(b.init)).map((c) => c.name);
        panel = <PodLogs cluster={cluster} namespace={namespace} pod={name} containers={containers} />;
        break;
      }
    }
  }

  return (
    <section aria-labelledby="detail-title" className="space-y-4">
      <nav aria-label={t("detail.breadcrumb")} className="text-sm text-slate-600 dark:text-slate-400">
        {back}
        {namespace && <span> / {namespace}</span>}
      </nav>
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div>
          <p className="text-xs font-medium tracking-wide text-slate-500 uppercase dark:text-slate-400">{spec.kind}</p>
          <h1 id="detail-title" data-testid="detail-title" className="font-mono text-xl font-semibold break-all">
            {name}
          </h1>
          {spec.kind === "Node" && (
            <div className="flex flex-wrap gap-4">
              <NodeHostLink cluster={cluster} node={name} />
              <NodeHardwareLink cluster={cluster} node={name} />
            </div>
          )}
        </div>
        {data !== undefined && <ResourceActions cluster={cluster} kind={spec.kind} namespace={namespace} name={name} object={data} />}
      </header>
      {object.isError && <ErrorBanner error={object.error} onRetry={() => void object.refetch()} />}
      {data === undefined ? (
        !object.isError && <Panel testId="detail-loading">{t("list.loading")}</Panel>
      ) : (
        <Tabs label={t("detail.tabsLabel")} tabs={tabs.map((id) => ({ id, label: t(`detail.tabs.${id}`) }))} current={tab} onSelect={selectTab}>
          {panel}
        </Tabs>
      )}
    </section>
  );
}
