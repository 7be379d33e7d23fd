import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { components } from "../../../api/schema";
import { formatBytes, formatMillicores } from "../../../lib/format";
import { StatusBadge } from "../../../ui/StatusBadge";
import { Dash, Lines, ObjectLink } from "../cells";
import { Panel } from "./Panel";

type Container = components["schemas"]["ContainerInfo"];
type Env = components["schemas"]["EnvVar"];

interface Props {
  cluster: string;
  namespace: string;
  /** The compact object's containers: a pod's, or a controller's pod template's. */
  containers: readonly Container[];
  /** A pod's containers run: show their state, readiness and restarts. */
  runtime: boolean;
}

function resources(cpu: number, memory: number): string {
  return [cpu ? `cpu ${formatMillicores(cpu)}` : "", memory ? `memory ${formatBytes(memory)}` : ""].filter(Boolean).join(", ");
}

/** One card per container: image, ports, resources, probes and where its environment comes from. */
export function ContainersTab({ cluster, namespace, containers, runtime }: Props) {
  const { t } = useTranslation();
  return (
    <div className="space-y-4">
      {containers.length === 0 && <Panel testId="containers-empty">{t("detail.noContainers")}</Panel>}
      {containers.map((c) => (
        <article
          key={`${c.init ? "init" : "app"}/${c.name}`}
          data-testid="container"
          aria-label={c.name}
          className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
        >
          <header className="mb-3 flex flex-wrap items-center gap-2">
            <h2 className="font-mono text-sm font-semibold">{c.name}</h2>
            {c.init && <span className="rounded bg-slate-100 px-1.5 text-xs dark:bg-slate-800">{t("detail.initContainer")}</span>}
            {runtime && (
              <>
                <StatusBadge status={c.reason || c.state} tone={c.ready ? "good" : undefined} />
                <span className="text-xs text-slate-500 dark:text-slate-400">
                  {c.ready ? t("detail.ready") : t("detail.notReady")} · {t("detail.restarts", { count: c.restartCount })}
                  {c.lastTerminationReason && ` · ${t("detail.lastTermination", { reason: c.lastTerminationReason })}`}
                </span>
              </>
            )}
          </header>
          <dl className="grid grid-cols-1 gap-x-6 gap-y-2 text-sm sm:grid-cols-[10rem_1fr]">
            <Row label={t("fields.image")}>
              <span data-testid="container-image" className="font-mono text-xs break-all">
                {c.image}
              </span>
            </Row>
            <Row label={t("fields.ports")}>
              <Lines values={(c.ports ?? []).map((p) => `${p.name ? `${p.name} ` : ""}${p.containerPort}/${p.protocol}`)} />
            </Row>
            <Row label={t("fields.requests")}>{resources(c.cpuRequestMillicores, c.memoryRequestBytes) || <Dash />}</Row>
            <Row label={t("fields.limits")}>{resources(c.cpuLimitMillicores, c.memoryLimitBytes) || <Dash />}</Row>
            <Row label={t("fields.probes")}>
              <Lines values={(c.probes ?? []).map((p) => `${p.kind}: ${p.target || p.type}`)} />
            </Row>
            <Row label={t("fields.env")}>
              {(c.env ?? []).length === 0 && (c.envFrom ?? []).length === 0 ? (
                <Dash />
              ) : (
                <ul className="space-y-0.5 font-mono text-xs">
                  {(c.envFrom ?? []).map((from) => (
                    <EnvFrom key={`from/${from}`} cluster={cluster} namespace={namespace} from={from} />
                  ))}
                  {(c.env ?? []).map((e) => (
                    <li key={e.name} data-testid="env">
                      {e.name} <EnvSource cluster={cluster} namespace={namespace} env={e} />
                    </li>
                  ))}
                </ul>
              )}
            </Row>
          </dl>
        </article>
      ))}
    </div>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="font-medium text-slate-500 dark:text-slate-400">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </>
  );
}

/** `envFrom` as the Agent names it: "secret:NAME" or "configMap:NAME". */
function EnvFrom({ cluster, namespace, from }: { cluster: string; namespace: string; from: string }) {
  const { t } = useTranslation();
  const [source = "", name = ""] = from.split(":", 2);
  if (source !== "secret" && source !== "configMap") return <li>{from}</li>;
  return (
    <li>
      {t("detail.envFrom")}{" "}
      <ObjectLink plural={source === "secret" ? "secrets" : "configmaps"} cluster={cluster} namespace={namespace} name={name}>
        {`${source}/${name}`}
      </ObjectLink>
    </li>
  );
}

/** Where a variable's value comes from; values are never carried, only the reference. */
function EnvSource({ cluster, namespace, env }: { cluster: string; namespace: string; env: Env }) {
  const { t } = useTranslation();
  const muted = "text-slate-500 dark:text-slate-400";
  switch (env.source) {
    case "secret":
    case "configMap":
      return (
        <span className={muted}>
          ←{" "}
          <ObjectLink plural={env.source === "secret" ? "secrets" : "configmaps"} cluster={cluster} namespace={namespace} name={env.refName}>
            {`${env.source}/${env.refName}`}
          </ObjectLink>
          {env.refKey && ` [${env.refKey}]`}
        </span>
      );
    case "field":
    case "resource":
      return <span className={muted}>← {`${env.source} ${env.refKey}`}</span>;
    default:
      return <span className={muted}>{t("detail.literal")}</span>;
  }
}
