/**
 * The catalogue of every kind the Master serves: what its list shows (columns, sort keys,
 * filters), where it sits in the side navigation, which detail tabs it has and where its live
 * object is read from. One entry per kind; the list and detail pages are generic over it.
 */
import type { ReactNode } from "react";
import { formatDuration, formatMillicores } from "../../lib/format";
import { RelativeTime } from "../../ui/RelativeTime";
import { StatusBadge } from "../../ui/StatusBadge";
import type en from "../../i18n/en/resources.json";
import { Bytes, Clip, Dash, KeyValues, Lines, Millicores, ObjectLink, Text, UsageBar, YesNo } from "./cells";
import type { FilterName, ObjectOf, Plural, RowOf } from "./types";

export type ColumnKey = keyof (typeof en)["columns"];
export type FieldKey = keyof (typeof en)["fields"];
export type NavGroupId = "cluster" | "workloads" | "network" | "storage" | "configuration" | "policy";

export interface Column<Row> {
  /** An i18n key under `columns`. */
  header: ColumnKey;
  /** The Master's sort key; absent when the column does not sort. */
  sort?: string;
  cell: (row: Row) => ReactNode;
  mono?: boolean;
}

export interface Filter<P extends Plural> {
  name: FilterName<P>;
  label: ColumnKey;
  /** Values to pick from; a text box when absent. */
  options?: readonly string[];
  /** "true"/"false", shown as yes/no. */
  boolean?: boolean;
}

export interface SummaryField {
  label: FieldKey;
  value: ReactNode;
}

export interface KindSpec<P extends Plural> {
  plural: P;
  /** The Kubernetes Kind, as commands and events name it. */
  kind: string;
  namespaced: boolean;
  /** The side-navigation group; null keeps the kind off the navigation and out of the routes. */
  nav: NavGroupId | null;
  /** The API group/version the live object is read from: "v1", "apps/v1"… */
  apiVersion: string;
  /** Columns between the name (and namespace) and the age, which every kind has. */
  columns: Column<RowOf<P>>[];
  filters: Filter<P>[];
  /** The kind's own fields on the summary tab (metadata, labels and owners are shown for all). */
  summary: (object: ObjectOf<P>, cluster: string) => SummaryField[];
  /** The compact object carries containers (a pod's, or a controller's pod template's). */
  containers?: boolean;
  /** The compact object carries conditions. */
  conditions?: boolean;
  /** Usage history is kept for the kind (nodes and pods). */
  usage?: boolean;
}

type Catalogue = { [P in Plural]: KindSpec<P> };

const ROLLOUTS = ["complete", "progressing", "failed"] as const;
const field = (label: FieldKey, value: ReactNode): SummaryField => ({ label, value });
const time = (iso: string | null | undefined) => <RelativeTime iso={iso || null} />;
const badge = (status: string) => (status ? <StatusBadge status={status} /> : <Dash />);
const images = (value: string) => <Clip value={value.split(",").join(", ")} mono />;
/** What every apps/v1 controller shares: its pods' containers and conditions. */
const APPS_WORKLOAD = { namespaced: true, nav: "workloads", apiVersion: "apps/v1", containers: true, conditions: true } as const;
/** A controller's pod selector and its template's images. */
const podTemplate = (o: { selector?: Record<string, string> | null; images?: readonly string[] | null }) => [
  field("selector", <KeyValues values={o.selector} />),
  field("images", <Lines values={o.images} />),
];

/** "Deployment/web" (a row's owner or reference) as a link to that object. */
function OwnerCell({ owner, cluster, namespace }: { owner: string; cluster: string; namespace: string }) {
  if (!owner) return <Dash />;
  const [kind = "", name = ""] = owner.split("/", 2);
  const plural = pluralOf(kind);
  return (
    <ObjectLink plural={plural} cluster={cluster} namespace={plural && KINDS[plural].namespaced ? namespace : ""} name={name}>
      {owner}
    </ObjectLink>
  );
}

export const KINDS: Catalogue = {
  nodes: {
    plural: "nodes",
    kind: "Node",
    namespaced: false,
    nav: "cluster",
    apiVersion: "v1",
    conditions: true,
    usage: true,
    columns: [
      { header: "status", sort: "status", cell: (r) => badge(r.status) },
      { header: "roles", sort: "roles", cell: (r) => <Clip value={r.roles} /> },
      { header: "version", sort: "version", mono: true, cell: (r) => r.version },
      { header: "internalIp", mono: true, cell: (r) => r.internalIp },
      {
        header: "cpu",
        sort: "cpu",
        cell: (r) => (
          <UsageBar percent={r.cpuUsagePercent} title={`${formatMillicores(r.cpuUsageMillicores ?? 0)} / ${formatMillicores(r.cpuAllocatableMillicores)}`}>
            {r.cpuUsagePercent === null || r.cpuUsagePercent === undefined ? <Dash /> : `${r.cpuUsagePercent}%`}
            <span className="text-slate-500 dark:text-slate-400"> / {r.cpuCores}</span>
          </UsageBar>
        ),
      },
      {
        header: "memory",
        sort: "memory",
        cell: (r) => (
          <UsageBar percent={r.memoryUsagePercent} title={`${r.memoryUsageBytes ?? 0} B / ${r.memoryAllocatableBytes} B`}>
            {r.memoryUsagePercent === null || r.memoryUsagePercent === undefined ? <Dash /> : `${r.memoryUsagePercent}%`}
            <span className="text-slate-500 dark:text-slate-400">
              {" / "}
              <Bytes value={r.memoryBytes} />
            </span>
          </UsageBar>
        ),
      },
      { header: "pods", sort: "pods", cell: (r) => r.podCount },
    ],
    filters: [
      { name: "status", label: "status", options: ["Ready", "NotReady", "Ready,SchedulingDisabled", "NotReady,SchedulingDisabled"] },
      { name: "roles", label: "roles" },
    ],
    summary: (n) => [
      field("ready", badge(n.ready)),
      field("roles", <Lines values={n.roles} mono={false} />),
      field("unschedulable", <YesNo value={n.unschedulable} />),
      field("kubeletVersion", <Text value={n.kubeletVersion} mono />),
      field("osImage", <Text value={n.osImage} />),
      field("internalIp", <Text value={n.internalIp} mono />),
      field("cpuCapacity", `${formatMillicores(n.cpuCapacityMillicores)} (${formatMillicores(n.cpuAllocatableMillicores)})`),
      field("memoryCapacity", (
        <>
          <Bytes value={n.memoryCapacityBytes} /> (<Bytes value={n.memoryAllocatableBytes} />)
        </>
      )),
      field("podsCapacity", n.podsCapacity),
      field("taints", <Lines values={(n.taints ?? []).map((x) => `${x.key}${x.value ? `=${x.value}` : ""}:${x.effect}`)} />),
    ],
  },
  namespaces: {
    plural: "namespaces",
    kind: "Namespace",
    namespaced: false,
    nav: "cluster",
    apiVersion: "v1",
    conditions: true,
    columns: [
      { header: "status", sort: "status", cell: (r) => badge(r.status) },
      { header: "pods", sort: "pods", cell: (r) => r.podCount },
    ],
    filters: [{ name: "status", label: "status", options: ["Active", "Terminating"] }],
    summary: (n) => [field("status", badge(n.phase))],
  },
  pods: {
    plural: "pods",
    kind: "Pod",
    namespaced: true,
    nav: "workloads",
    apiVersion: "v1",
    containers: true,
    conditions: true,
    usage: true,
    columns: [
      { header: "status", sort: "status", cell: (r) => badge(r.status) },
      { header: "ready", cell: (r) => r.ready },
      { header: "restarts", sort: "restarts", cell: (r) => r.restarts },
      {
        header: "cpu",
        sort: "cpu",
        cell: (r) => (
          <UsageBar
            percent={r.cpuLimitPercent ?? r.cpuRequestPercent}
            title={`requests ${formatMillicores(r.cpuRequestMillicores)}, limits ${formatMillicores(r.cpuLimitMillicores)}`}
          >
            <Millicores value={r.cpuUsageMillicores} />
          </UsageBar>
        ),
      },
      {
        header: "memory",
        sort: "memory",
        cell: (r) => (
          <UsageBar
            percent={r.memoryLimitPercent ?? r.memoryRequestPercent}
            title={`requests ${r.memoryRequestBytes} B, limits ${r.memoryLimitBytes} B`}
          >
            <Bytes value={r.memoryUsageBytes} />
          </UsageBar>
        ),
      },
      {
        header: "node",
        sort: "node",
        mono: true,
        cell: (r) => (r.node ? <ObjectLink plural="nodes" cluster={r.cluster} name={r.node} /> : <Dash />),
      },
    ],
    filters: [
      {
        name: "status",
        label: "status",
        options: [
          "Running",
          "Pending",
          "ContainerCreating",
          "Completed",
          "Error",
          "CrashLoopBackOff",
          "ImagePullBackOff",
          "ErrImagePull",
          "OOMKilled",
          "Terminating",
          "Unknown",
        ],
      },
      { name: "node", label: "node" },
    ],
    summary: (p, cluster) => [
      field("status", badge(p.status)),
      field("phase", p.phase),
      field("ready", `${p.readyContainers}/${p.totalContainers}`),
      field("restarts", p.restarts),
      field("node", p.nodeName ? <ObjectLink plural="nodes" cluster={cluster} name={p.nodeName} /> : <Dash />),
      field("podIp", <Text value={p.podIp} mono />),
      field("hostIp", <Text value={p.hostIp} mono />),
      field("qosClass", <Text value={p.qosClass} />),
      field(
        "serviceAccount",
        p.serviceAccount ? <ObjectLink plural="serviceaccounts" cluster={cluster} namespace={p.namespace} name={p.serviceAccount} /> : <Dash />,
      ),
      field("deleting", <YesNo value={p.deleting} />),
      field(
        "volumes",
        (p.volumes ?? []).length === 0 ? (
          <Dash />
        ) : (
          <ul className="space-y-0.5">
            {(p.volumes ?? []).map((v) => (
              <li key={v.name} className="font-mono text-xs">
                {v.name} ({v.type}
                {v.source && (
                  <>
                    {": "}
                    <ObjectLink plural={VOLUME_PLURALS[v.type]} cluster={cluster} namespace={p.namespace} name={v.source} />
                  </>
                )}
                )
              </li>
            ))}
          </ul>
        ),
      ),
    ],
  },
  deployments: {
    plural: "deployments",
    kind: "Deployment",
    ...APPS_WORKLOAD,
    columns: [
      { header: "ready", sort: "desired", cell: (r) => r.ready },
      { header: "upToDate", cell: (r) => r.upToDate },
      { header: "available", sort: "available", cell: (r) => r.available },
      { header: "rollout", sort: "rollout", cell: (r) => badge(r.rollout) },
      { header: "images", cell: (r) => images(r.images) },
    ],
    filters: [{ name: "rollout", label: "rollout", options: ROLLOUTS }],
    summary: (d) => [
      field("replicas", `${d.readyReplicas}/${d.replicas}`),
      field("updatedReplicas", d.updatedReplicas),
      field("availableReplicas", d.availableReplicas),
      field("unavailableReplicas", d.unavailableReplicas),
      field("rollout", badge(d.rollout)),
      field("revision", <Text value={d.revision} />),
      field("strategy", <Text value={d.strategy} />),
      field("paused", <YesNo value={d.paused} />),
      field("generation", `${d.observedGeneration}/${d.generation}`),
      ...podTemplate(d),
    ],
  },
  statefulsets: {
    plural: "statefulsets",
    kind: "StatefulSet",
    ...APPS_WORKLOAD,
    columns: [
      { header: "ready", sort: "desired", cell: (r) => r.ready },
      { header: "upToDate", cell: (r) => r.upToDate },
      { header: "rollout", sort: "rollout", cell: (r) => badge(r.rollout) },
      {
        header: "service",
        mono: true,
        cell: (r) => (r.serviceName ? <ObjectLink plural="services" cluster={r.cluster} namespace={r.namespace} name={r.serviceName} /> : <Dash />),
      },
      { header: "images", cell: (r) => images(r.images) },
    ],
    filters: [{ name: "rollout", label: "rollout", options: ROLLOUTS }],
    summary: (s, cluster) => [
      field("replicas", `${s.readyReplicas}/${s.replicas}`),
      field("currentReplicas", s.currentReplicas),
      field("updatedReplicas", s.updatedReplicas),
      field("availableReplicas", s.availableReplicas),
      field("rollout", badge(s.rollout)),
      field("service", s.serviceName ? <ObjectLink plural="services" cluster={cluster} namespace={s.namespace} name={s.serviceName} /> : <Dash />),
      field("currentRevision", <Text value={s.currentRevision} mono />),
      field("updateRevision", <Text value={s.updateRevision} mono />),
      ...podTemplate(s),
    ],
  },
  daemonsets: {
    plural: "daemonsets",
    kind: "DaemonSet",
    ...APPS_WORKLOAD,
    columns: [
      { header: "desired", sort: "desired", cell: (r) => r.desired },
      { header: "current", cell: (r) => r.current },
      { header: "ready", cell: (r) => r.ready },
      { header: "upToDate", cell: (r) => r.upToDate },
      { header: "available", cell: (r) => r.available },
      { header: "nodeSelector", mono: true, cell: (r) => <Clip value={r.nodeSelector} /> },
      { header: "rollout", sort: "rollout", cell: (r) => badge(r.rollout) },
      { header: "images", cell: (r) => images(r.images) },
    ],
    filters: [{ name: "rollout", label: "rollout", options: ROLLOUTS }],
    summary: (d) => [
      field("desired", d.desired),
      field("current", d.current),
      field("ready", d.ready),
      field("updatedReplicas", d.updated),
      field("available", d.available),
      field("misscheduled", d.misscheduled),
      field("rollout", badge(d.rollout)),
      field("nodeSelector", <KeyValues values={d.nodeSelector} />),
      ...podTemplate(d),
    ],
  },
  replicasets: {
    plural: "replicasets",
    kind: "ReplicaSet",
    ...APPS_WORKLOAD,
    columns: [
      { header: "desired", sort: "desired", cell: (r) => r.desired },
      { header: "current", cell: (r) => r.current },
      { header: "ready", sort: "ready", cell: (r) => r.ready },
      { header: "owner", sort: "owner", cell: (r) => <OwnerCell owner={r.owner} cluster={r.cluster} namespace={r.namespace} /> },
      { header: "revision", cell: (r) => <Clip value={r.revision} /> },
      { header: "images", cell: (r) => images(r.images) },
    ],
    filters: [{ name: "owner", label: "owner" }],
    summary: (r) => [
      field("replicas", `${r.readyReplicas}/${r.replicas}`),
      field("currentReplicas", r.currentReplicas),
      field("availableReplicas", r.availableReplicas),
      field("revision", <Clip value={r.revision} />),
      ...podTemplate(r),
    ],
  },
  jobs: {
    plural: "jobs",
    kind: "Job",
    namespaced: true,
    nav: "workloads",
    apiVersion: "batch/v1",
    containers: true,
    conditions: true,
    columns: [
      { header: "status", sort: "status", cell: (r) => badge(r.status) },
      { header: "completions", cell: (r) => r.completions },
      { header: "active", cell: (r) => r.active },
      { header: "failed", cell: (r) => r.failed },
      {
        header: "duration",
        sort: "duration",
        cell: (r) => (r.durationSeconds === null ? r.startTime ? <RelativeTime iso={r.startTime} /> : <Dash /> : formatDuration(r.durationSeconds)),
      },
      { header: "owner", cell: (r) => <OwnerCell owner={r.owner} cluster={r.cluster} namespace={r.namespace} /> },
      { header: "images", cell: (r) => images(r.images) },
    ],
    filters: [
      { name: "status", label: "status", options: ["Running", "Complete", "Failed", "Suspended"] },
      { name: "owner", label: "owner" },
    ],
    summary: (j) => [
      field("status", badge(j.status)),
      field("completions", `${j.succeeded}/${j.completions ?? 1}`),
      field("parallelism", <Text value={j.parallelism} />),
      field("active", j.active),
      field("failed", j.failed),
      field("suspended", <YesNo value={j.suspended} />),
      field("startTime", time(j.startTime)),
      field("completionTime", time(j.completionTime)),
      field("images", <Lines values={j.images} />),
    ],
  },
  cronjobs: {
    plural: "cronjobs",
    kind: "CronJob",
    namespaced: true,
    nav: "workloads",
    apiVersion: "batch/v1",
    containers: true,
    columns: [
      { header: "schedule", sort: "schedule", mono: true, cell: (r) => r.schedule },
      { header: "suspend", cell: (r) => <YesNo value={r.suspend} /> },
      { header: "active", cell: (r) => r.active },
      { header: "lastSchedule", sort: "lastSchedule", cell: (r) => time(r.lastSchedule) },
      { header: "lastSuccessful", cell: (r) => time(r.lastSuccessful) },
      { header: "images", cell: (r) => images(r.images) },
    ],
    filters: [{ name: "suspend", label: "suspend", boolean: true }],
    summary: (c, cluster) => [
      field("schedule", <Text value={c.schedule} mono />),
      field("timeZone", <Text value={c.timeZone} />),
      field("suspend", <YesNo value={c.suspend} />),
      field("concurrencyPolicy", <Text value={c.concurrencyPolicy} />),
      field(
        "activeJobs",
        (c.active ?? []).length === 0 ? (
          <Dash />
        ) : (
          <ul>
            {(c.active ?? []).map((job) => (
              <li key={job}>
                <ObjectLink plural="jobs" cluster={cluster} namespace={c.namespace} name={job} />
              </li>
            ))}
          </ul>
        ),
      ),
      field("lastSchedule", time(c.lastScheduleTime)),
      field("lastSuccessful", time(c.lastSuccessfulTime)),
      field("images", <Lines values={c.images} />),
    ],
  },
  services: {
    plural: "services",
    kind: "Service",
    namespaced: true,
    nav: "network",
    apiVersion: "v1",
    columns: [
      { header: "type", sort: "type", cell: (r) => r.type },
      { header: "clusterIp", mono: true, cell: (r) => r.clusterIp },
      { header: "externalIp", mono: true, cell: (r) => <Clip value={r.externalIp} /> },
      { header: "ports", mono: true, cell: (r) => <Clip value={r.ports} /> },
      { header: "endpoints", sort: "ready", cell: (r) => `${r.endpointsReady}/${r.endpointsReady + r.endpointsNotReady}` },
      { header: "selector", mono: true, cell: (r) => <Clip value={r.selector} /> },
    ],
    filters: [{ name: "type", label: "type", options: ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"] }],
    summary: (s) => [
      field("type", s.type),
      field("clusterIp", <Text value={s.clusterIp} mono />),
      field("externalIp", <Lines values={s.externalIps} />),
      field("externalName", <Text value={s.externalName} mono />),
      field(
        "ports",
        <Lines
          values={(s.ports ?? []).map(
            (p) => `${p.name ? `${p.name} ` : ""}${p.port}${p.targetPort ? `→${p.targetPort}` : ""}${p.nodePort ? ` (node ${p.nodePort})` : ""}/${p.protocol}`,
          )}
        />,
      ),
      field("selector", <KeyValues values={s.selector} />),
      field("sessionAffinity", <Text value={s.sessionAffinity} />),
    ],
  },
  ingresses: {
    plural: "ingresses",
    kind: "Ingress",
    namespaced: true,
    nav: "network",
    apiVersion: "networking.k8s.io/v1",
    columns: [
      { header: "ingressClass", sort: "class", cell: (r) => <Clip value={r.ingressClass} /> },
      { header: "hosts", sort: "hosts", mono: true, cell: (r) => r.hosts },
      { header: "address", mono: true, cell: (r) => <Clip value={r.address} /> },
      { header: "ports", cell: (r) => r.ports },
      { header: "backends", mono: true, cell: (r) => <Clip value={r.backends} /> },
    ],
    filters: [{ name: "ingressClass", label: "ingressClass" }],
    summary: (i, cluster) => [
      field("ingressClass", <Text value={i.ingressClass} />),
      field("hosts", <Lines values={i.hosts} />),
      field(
        "rules",
        (i.paths ?? []).length === 0 ? (
          <Dash />
        ) : (
          <ul className="font-mono text-xs">
            {(i.paths ?? []).map((p, index) => (
              <li key={index}>
                {p.host || "*"}
                {p.path || "/"} →{" "}
                {p.service ? <ObjectLink plural="services" cluster={cluster} namespace={i.namespace} name={p.service}>{`${p.service}:${p.port}`}</ObjectLink> : <Dash />}
              </li>
            ))}
          </ul>
        ),
      ),
      field("defaultBackend", <Text value={i.defaultBackend} mono />),
      field("tlsHosts", <Lines values={i.tlsHosts} />),
      field("address", <Lines values={i.addresses} />),
    ],
  },
  endpoints: {
    plural: "endpoints",
    kind: "Endpoints",
    namespaced: true,
    nav: "network",
    apiVersion: "v1",
    columns: [
      { header: "endpoints", mono: true, cell: (r) => <Clip value={r.endpoints} /> },
      { header: "ready", sort: "ready", cell: (r) => r.ready },
      { header: "notReady", cell: (r) => r.notReady },
    ],
    filters: [],
    summary: (e, cluster) => [
      field("addresses", <Addresses cluster={cluster} namespace={e.namespace} addresses={e.addresses ?? []} />),
      field("ports", <Lines values={(e.ports ?? []).map((p) => `${p.name ? `${p.name} ` : ""}${p.port}/${p.protocol}`)} />),
    ],
  },
  endpointslices: {
    plural: "endpointslices",
    kind: "EndpointSlice",
    namespaced: true,
    nav: "network",
    apiVersion: "discovery.k8s.io/v1",
    columns: [
      {
        header: "service",
        sort: "service",
        mono: true,
        cell: (r) => (r.service ? <ObjectLink plural="services" cluster={r.cluster} namespace={r.namespace} name={r.service} /> : <Dash />),
      },
      { header: "addressType", cell: (r) => r.addressType },
      { header: "ports", mono: true, cell: (r) => <Clip value={r.ports} /> },
      { header: "endpoints", mono: true, cell: (r) => <Clip value={r.endpoints} /> },
      { header: "ready", cell: (r) => `${r.ready}/${r.ready + r.notReady}` },
    ],
    filters: [
      { name: "service", label: "service" },
      { name: "addressType", label: "addressType", options: ["IPv4", "IPv6", "FQDN"] },
    ],
    summary: (s, cluster) => [
      field("service", s.serviceName ? <ObjectLink plural="services" cluster={cluster} namespace={s.namespace} name={s.serviceName} /> : <Dash />),
      field("addressType", s.addressType),
      field("addresses", <Addresses cluster={cluster} namespace={s.namespace} addresses={s.endpoints ?? []} />),
      field("ports", <Lines values={(s.ports ?? []).map((p) => `${p.name ? `${p.name} ` : ""}${p.port}/${p.protocol}`)} />),
    ],
  },
  networkpolicies: {
    plural: "networkpolicies",
    kind: "NetworkPolicy",
    namespaced: true,
    nav: "network",
    apiVersion: "networking.k8s.io/v1",
    columns: [
      { header: "podSelector", sort: "podSelector", mono: true, cell: (r) => <Clip value={r.podSelector} /> },
      { header: "policyTypes", cell: (r) => <Clip value={r.policyTypes} /> },
      { header: "ingressRules", cell: (r) => r.ingressRules },
      { header: "egressRules", cell: (r) => r.egressRules },
    ],
    filters: [],
    summary: (n) => [
      field("podSelector", <KeyValues values={n.podSelector} />),
      field("policyTypes", <Lines values={n.policyTypes} mono={false} />),
      field("ingressRules", n.ingressRules),
      field("egressRules", n.egressRules),
    ],
  },
  persistentvolumeclaims: {
    plural: "persistentvolumeclaims",
    kind: "PersistentVolumeClaim",
    namespaced: true,
    nav: "storage",
    apiVersion: "v1",
    columns: [
      { header: "status", sort: "status", cell: (r) => badge(r.status) },
      {
        header: "volume",
        mono: true,
        cell: (r) => (r.volume ? <ObjectLink plural="persistentvolumes" cluster={r.cluster} name={r.volume} /> : <Dash />),
      },
      { header: "capacity", sort: "capacity", cell: (r) => <Bytes value={r.capacityBytes || r.requestBytes} /> },
      { header: "accessModes", cell: (r) => <Clip value={r.accessModes} /> },
      {
        header: "storageClass",
        sort: "storageClass",
        cell: (r) => (r.storageClass ? <ObjectLink plural="storageclasses" cluster={r.cluster} name={r.storageClass} /> : <Dash />),
      },
    ],
    filters: [
      { name: "status", label: "status", options: ["Pending", "Bound", "Lost"] },
      { name: "storageClass", label: "storageClass" },
    ],
    summary: (c, cluster) => [
      field("status", badge(c.phase)),
      field("volume", c.volumeName ? <ObjectLink plural="persistentvolumes" cluster={cluster} name={c.volumeName} /> : <Dash />),
      field("capacity", <Bytes value={c.capacityBytes} />),
      field("request", <Bytes value={c.requestBytes} />),
      field("accessModes", <Lines values={c.accessModes} mono={false} />),
      field("storageClass", c.storageClass ? <ObjectLink plural="storageclasses" cluster={cluster} name={c.storageClass} /> : <Dash />),
      field("volumeMode", <Text value={c.volumeMode} />),
    ],
  },
  persistentvolumes: {
    plural: "persistentvolumes",
    kind: "PersistentVolume",
    namespaced: false,
    nav: "storage",
    apiVersion: "v1",
    columns: [
      { header: "capacity", sort: "capacity", cell: (r) => <Bytes value={r.capacityBytes} /> },
      { header: "accessModes", cell: (r) => <Clip value={r.accessModes} /> },
      { header: "reclaimPolicy", cell: (r) => <Clip value={r.reclaimPolicy} /> },
      { header: "status", sort: "status", cell: (r) => badge(r.status) },
      { header: "claim", mono: true, cell: (r) => <ClaimLink cluster={r.cluster} claim={r.claim} /> },
      {
        header: "storageClass",
        sort: "storageClass",
        cell: (r) => (r.storageClass ? <ObjectLink plural="storageclasses" cluster={r.cluster} name={r.storageClass} /> : <Dash />),
      },
      { header: "reason", cell: (r) => <Clip value={r.reason} /> },
    ],
    filters: [
      { name: "status", label: "status", options: ["Available", "Bound", "Released", "Failed", "Pending"] },
      { name: "storageClass", label: "storageClass" },
    ],
    summary: (v, cluster) => [
      field("status", badge(v.phase)),
      field("capacity", <Bytes value={v.capacityBytes} />),
      field("accessModes", <Lines values={v.accessModes} mono={false} />),
      field("reclaimPolicy", <Text value={v.reclaimPolicy} />),
      field("claim", <ClaimLink cluster={cluster} claim={v.claim} />),
      field("storageClass", v.storageClass ? <ObjectLink plural="storageclasses" cluster={cluster} name={v.storageClass} /> : <Dash />),
      field("volumeMode", <Text value={v.volumeMode} />),
      field("source", <Text value={v.source} mono />),
      field("reason", <Text value={v.reason} />),
    ],
  },
  storageclasses: {
    plural: "storageclasses",
    kind: "StorageClass",
    namespaced: false,
    nav: "storage",
    apiVersion: "storage.k8s.io/v1",
    columns: [
      { header: "provisioner", sort: "provisioner", mono: true, cell: (r) => r.provisioner },
      { header: "reclaimPolicy", cell: (r) => r.reclaimPolicy },
      { header: "volumeBindingMode", cell: (r) => r.volumeBindingMode },
      { header: "allowVolumeExpansion", cell: (r) => <YesNo value={r.allowVolumeExpansion} /> },
      { header: "default", cell: (r) => <YesNo value={r.isDefault} /> },
    ],
    filters: [{ name: "provisioner", label: "provisioner" }],
    summary: (s) => [
      field("provisioner", <Text value={s.provisioner} mono />),
      field("reclaimPolicy", s.reclaimPolicy),
      field("volumeBindingMode", s.volumeBindingMode),
      field("allowVolumeExpansion", <YesNo value={s.allowVolumeExpansion} />),
      field("default", <YesNo value={s.isDefault} />),
      field("parameters", <KeyValues values={s.parameters} />),
    ],
  },
  configmaps: {
    plural: "configmaps",
    kind: "ConfigMap",
    namespaced: true,
    nav: "configuration",
    apiVersion: "v1",
    columns: [
      { header: "data", sort: "data", cell: (r) => r.data },
      { header: "keys", mono: true, cell: (r) => <Clip value={r.keys} /> },
      { header: "immutable", cell: (r) => <YesNo value={r.immutable} /> },
    ],
    filters: [],
    summary: (c) => [
      field("keys", <Lines values={c.keys} />),
      field("binaryKeys", <Lines values={c.binaryKeys} />),
      field("immutable", <YesNo value={c.immutable} />),
    ],
  },
  secrets: {
    plural: "secrets",
    kind: "Secret",
    namespaced: true,
    nav: "configuration",
    apiVersion: "v1",
    columns: [
      { header: "type", sort: "type", mono: true, cell: (r) => r.type },
      { header: "data", sort: "data", cell: (r) => r.data },
      { header: "keys", mono: true, cell: (r) => <Clip value={r.keys} /> },
    ],
    filters: [
      {
        name: "type",
        label: "type",
        options: [
          "Opaque",
          "kubernetes.io/service-account-token",
          "kubernetes.io/dockerconfigjson",
          "kubernetes.io/dockercfg",
          "kubernetes.io/basic-auth",
          "kubernetes.io/ssh-auth",
          "kubernetes.io/tls",
          "bootstrap.kubernetes.io/token",
        ],
      },
    ],
    summary: (s) => [
      field("type", <Text value={s.type} mono />),
      field("keys", <Lines values={s.keys} />),
      field("immutable", <YesNo value={s.immutable} />),
    ],
  },
  serviceaccounts: {
    plural: "serviceaccounts",
    kind: "ServiceAccount",
    namespaced: true,
    nav: "configuration",
    apiVersion: "v1",
    columns: [{ header: "secrets", sort: "secrets", cell: (r) => r.secrets }],
    filters: [],
    summary: (a, cluster) => [
      field("secrets", <SecretLinks cluster={cluster} namespace={a.namespace} names={a.secrets ?? []} />),
      field("imagePullSecrets", <SecretLinks cluster={cluster} namespace={a.namespace} names={a.imagePullSecrets ?? []} />),
      field("automountToken", <YesNo value={a.automountToken} />),
    ],
  },
  horizontalpodautoscalers: {
    plural: "horizontalpodautoscalers",
    kind: "HorizontalPodAutoscaler",
    namespaced: true,
    nav: "policy",
    apiVersion: "autoscaling/v2",
    conditions: true,
    columns: [
      { header: "reference", sort: "reference", cell: (r) => <OwnerCell owner={r.reference} cluster={r.cluster} namespace={r.namespace} /> },
      { header: "targets", mono: true, cell: (r) => <Clip value={r.targets} /> },
      { header: "minPods", cell: (r) => r.minPods },
      { header: "maxPods", cell: (r) => r.maxPods },
      { header: "replicas", sort: "replicas", cell: (r) => (r.atMax ? <StatusBadge status={`${r.replicas}`} tone="warn" /> : r.replicas) },
    ],
    filters: [{ name: "atMax", label: "atMax", boolean: true }],
    summary: (h, cluster) => [
      field(
        "reference",
        <OwnerCell owner={h.targetKind ? `${h.targetKind}/${h.targetName}` : ""} cluster={cluster} namespace={h.namespace} />,
      ),
      field("replicas", `${h.currentReplicas} → ${h.desiredReplicas}`),
      field("minPods", h.minReplicas),
      field("maxPods", h.maxReplicas),
      field("targets", <Lines values={(h.metrics ?? []).map((m) => `${m.name} (${m.type}): ${m.current || "<unknown>"} / ${m.target}`)} />),
      field("lastScale", time(h.lastScaleTime)),
    ],
  },
  poddisruptionbudgets: {
    plural: "poddisruptionbudgets",
    kind: "PodDisruptionBudget",
    namespaced: true,
    nav: "policy",
    apiVersion: "policy/v1",
    columns: [
      { header: "minAvailable", cell: (r) => r.minAvailable },
      { header: "maxUnavailable", cell: (r) => r.maxUnavailable },
      { header: "allowedDisruptions", sort: "allowedDisruptions", cell: (r) => r.allowedDisruptions },
      { header: "healthy", cell: (r) => r.healthy },
      { header: "selector", mono: true, cell: (r) => <Clip value={r.selector} /> },
    ],
    filters: [],
    summary: (p) => [
      field("minAvailable", <Text value={p.minAvailable} />),
      field("maxUnavailable", <Text value={p.maxUnavailable} />),
      field("allowedDisruptions", p.disruptionsAllowed),
      field("healthy", `${p.currentHealthy}/${p.desiredHealthy}`),
      field("expectedPods", p.expectedPods),
      field("selector", <KeyValues values={p.selector} />),
    ],
  },
  resourcequotas: {
    plural: "resourcequotas",
    kind: "ResourceQuota",
    namespaced: true,
    nav: "policy",
    apiVersion: "v1",
    columns: [{ header: "usage", mono: true, cell: (r) => <Clip value={r.usage} /> }],
    filters: [],
    summary: (q) => [
      field("usage", <Lines values={Object.entries(q.hard ?? {}).map(([key, hard]) => `${key}: ${q.used?.[key] ?? "0"} / ${hard}`)} />),
    ],
  },
  limitranges: {
    plural: "limitranges",
    kind: "LimitRange",
    namespaced: true,
    nav: "policy",
    apiVersion: "v1",
    columns: [{ header: "types", cell: (r) => <Clip value={r.types} /> }],
    filters: [],
    summary: (l) => [
      field(
        "limits",
        <Lines
          values={(l.limits ?? []).flatMap((item) =>
            (
              [
                ["min", item.min],
                ["max", item.max],
                ["default", item.default],
                ["defaultRequest", item.defaultRequest],
              ] as const
            ).flatMap(([name, values]) => Object.entries(values ?? {}).map(([resource, value]) => `${item.type} ${resource} ${name}: ${value}`)),
          )}
        />,
      ),
    ],
  },
  events: {
    plural: "events",
    kind: "Event",
    namespaced: true,
    nav: null,
    apiVersion: "v1",
    columns: [
      { header: "type", sort: "type", cell: (r) => badge(r.type) },
      { header: "reason", sort: "reason", cell: (r) => r.reason },
      { header: "object", mono: true, cell: (r) => <InvolvedObject cluster={r.cluster} namespace={r.namespace} kind={r.objectKind} name={r.objectName} /> },
      { header: "message", cell: (r) => <Clip value={r.message} /> },
      { header: "count", sort: "count", cell: (r) => r.count },
      { header: "lastSeen", sort: "lastSeen", cell: (r) => time(r.lastSeen) },
    ],
    filters: [
      { name: "type", label: "type", options: ["Normal", "Warning"] },
      { name: "reason", label: "reason" },
      { name: "objectKind", label: "objectKind" },
      { name: "objectName", label: "objectName" },
    ],
    summary: (e, cluster) => [
      field("type", badge(e.type)),
      field("reason", e.reason),
      field("message", e.message),
      field("object", <InvolvedObject cluster={cluster} namespace={e.objectNamespace} kind={e.objectKind} name={e.objectName} />),
      field("count", e.count),
      field("firstSeen", time(e.firstSeen)),
      field("lastSeen", time(e.lastSeen)),
      field("source", <Text value={[e.source, e.sourceHost].filter(Boolean).join(" on ")} />),
    ],
  },
};

/** The kinds in navigation order. */
export const PLURALS = Object.keys(KINDS) as Plural[];

const BY_KIND = new Map<string, Plural>(PLURALS.map((plural) => [KINDS[plural].kind, plural]));

/** "Pod" → "pods"; undefined for kinds the Master does not serve. */
export function pluralOf(kind: string): Plural | undefined {
  return BY_KIND.get(kind);
}

export function isPlural(value: string | undefined): value is Plural {
  return value !== undefined && Object.hasOwn(KINDS, value);
}

/** The API path of the live object, as the Agent's `dynamic` read takes it. */
export function livePath(plural: Plural, namespace: string, name: string): string {
  const spec = KINDS[plural];
  const root = spec.apiVersion.includes("/") ? `/apis/${spec.apiVersion}` : `/api/${spec.apiVersion}`;
  const scope = spec.namespaced ? `/namespaces/${encodeURIComponent(namespace)}` : "";
  return `${root}${scope}/${plural}/${encodeURIComponent(name)}`;
}

const VOLUME_PLURALS: Record<string, Plural | undefined> = {
  configMap: "configmaps",
  secret: "secrets",
  persistentVolumeClaim: "persistentvolumeclaims",
};

/** An event's object, linked when its kind has a page. */
export function InvolvedObject({ cluster, namespace, kind, name }: { cluster: string; namespace: string; kind: string; name: string }) {
  const plural = pluralOf(kind);
  const routed = plural !== undefined && KINDS[plural].nav !== null;
  return (
    <ObjectLink plural={routed ? plural : undefined} cluster={cluster} namespace={plural && KINDS[plural].namespaced ? namespace : ""} name={name}>
      {`${kind}/${name}`}
    </ObjectLink>
  );
}

/** A volume's "namespace/name" claim as a link. */
function ClaimLink({ cluster, claim }: { cluster: string; claim: string }) {
  if (!claim) return <Dash />;
  const [namespace = "", name = ""] = claim.split("/", 2);
  return (
    <ObjectLink plural="persistentvolumeclaims" cluster={cluster} namespace={namespace} name={name}>
      {claim}
    </ObjectLink>
  );
}

function SecretLinks({ cluster, namespace, names }: { cluster: string; namespace: string; names: string[] }) {
  if (names.length === 0) return <Dash />;
  return (
    <ul>
      {names.map((name) => (
        <li key={name}>
          <ObjectLink plural="secrets" cluster={cluster} namespace={namespace} name={name} />
        </li>
      ))}
    </ul>
  );
}

interface Address {
  ip: string;
  ready: boolean;
  nodeName: string;
  targetKind: string;
  targetName: string;
}

function Addresses({ cluster, namespace, addresses }: { cluster: string; namespace: string; addresses: Address[] }) {
  if (addresses.length === 0) return <Dash />;
  return (
    <ul className="space-y-0.5 font-mono text-xs">
      {addresses.map((a, index) => (
        <li key={`${a.ip}-${index}`}>
          <span className={a.ready ? "" : "text-amber-700 dark:text-amber-300"}>{a.ip}</span>
          {a.targetName && (
            <>
              {" → "}
              <ObjectLink plural={pluralOf(a.targetKind)} cluster={cluster} namespace={namespace} name={a.targetName}>
                {`${a.targetKind}/${a.targetName}`}
              </ObjectLink>
            </>
          )}
          {a.nodeName && (
            <>
              {" @ "}
              <ObjectLink plural="nodes" cluster={cluster} name={a.nodeName} />
            </>
          )}
        </li>
      ))}
    </ul>
  );
}
