/**
 * Types of every kind's routes, read off the generated schema: a kind is served when the Master
 * has a detail route for it, so a kind the Master adds shows up here (and the catalogue in
 * kinds.tsx fails to compile until it describes it).
 */
import type { paths } from "../../api/schema";

type Prefix = "/api/v3/clusters/{cluster}/";
type DetailRoute<K> = K extends `${Prefix}${infer P}/{namespace}/{name}`
  ? P
  : K extends `${Prefix}${infer P}/{name}`
    ? P
    : never;

/** The lowercase plural of every kind the Master serves: "pods", "nodes", "deployments"… */
export type Plural = Exclude<DetailRoute<keyof paths>, `${string}/${string}`>;

type ListPath<P extends Plural> = `${Prefix}${P}`;
type NamespacedPath<P extends Plural> = `${Prefix}${P}/{namespace}/{name}`;
type ClusterPath<P extends Plural> = `${Prefix}${P}/{name}`;
type DetailPath<P extends Plural> = NamespacedPath<P> extends keyof paths ? NamespacedPath<P> : ClusterPath<P>;

type Json<Operation> = Operation extends { responses: { 200: { content: { "application/json": infer Body } } } }
  ? Body
  : never;
type Get<Path> = Path extends keyof paths ? paths[Path]["get"] : never;

/** A table row of the kind, e.g. `RowOf<"pods">` is `Schemas["PodRow"]` (which has RowBase). */
export type RowOf<P extends Plural> = (Json<Get<ListPath<P>>> extends { items: (infer Row)[] } ? Row : never) & RowBase;
/** One page of a kind's table rows. */
export interface PageOf<P extends Plural> {
  items: RowOf<P>[];
  total: number;
  limit: number;
  offset: number;
}
/** The compact object the detail route returns, e.g. `ObjectOf<"pods">` is `Schemas["Pod"]`. */
export type ObjectOf<P extends Plural> = Json<Get<DetailPath<P>>> & ObjectBase;

type ListQuery<P extends Plural> = NonNullable<Get<ListPath<P>> extends { parameters: { query?: infer Q } } ? Q : never>;
/** The kind's exact-match filters (besides namespace), e.g. "status" and "node" for pods. */
export type FilterName<P extends Plural> = Exclude<keyof ListQuery<P>, "limit" | "offset" | "sort" | "q" | "namespace"> &
  string;

/** What every row has, whatever its kind. */
export interface RowBase {
  cluster: string;
  clusterName: string;
  uid: string;
  name: string;
  namespace?: string;
  createdAt: string;
}

export type RelationsData = Json<Get<`${Prefix}relations/{kind}/{namespace}/{name}`>>;
export type RelatedObject = RelationsData["object"];
export type ObjectEventsData = Json<Get<`${Prefix}object-events`>>;
export type ObjectEvent = ObjectEventsData["items"][number];
export type UsageSeries = Json<Get<`${Prefix}usage-history/{kind}`>>;
export type CommandView = Json<paths["/api/v3/commands/{command_id}"]["get"]>;

/** What every compact object has, whatever its kind. */
export interface ObjectBase {
  uid: string;
  name: string;
  namespace?: string;
  createdAt: string;
  resourceVersion: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  owners?: { kind: string; name: string; uid: string; controller: boolean }[];
}
