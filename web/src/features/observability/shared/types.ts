/** The Master's observability answers, from the generated OpenAPI types (CONTRACT "Master UI API"). */
import type { Schemas } from "../../../api/client";

export type OtelBlock = Schemas["OtelStatus"];

export type ApmAnswer = Schemas["ApmOverview"];
export type ApmService = Schemas["ServiceView"];
export type Health = ApmService["health"];
export type ServiceEdge = Schemas["ServiceEdge"];
export type ServiceMap = Schemas["ServiceMap"];
export type SeriesBucket = Schemas["SeriesBucket"];
export type OperationRow = Schemas["OperationRow"];
export type TraceRow = Schemas["TraceRow"];

export type TraceAnswer = Schemas["TraceAnswer"];
export type SpanRow = Schemas["SpanRow"];
export type SpanAnswer = Schemas["SpanAnswer"];
export type SpanEvent = Schemas["SpanEvent"];
export type LogRow = Schemas["LogRow"];

export type LogsAnswer = Schemas["LogsAnswer"];
export type FacetValue = Schemas["FacetValue"];
export type HistogramBucket = Schemas["HistogramBucket"];

export type NodeHardware = Schemas["NodeHardware"];
export type NodeMetricsAnswer = Schemas["NodeMetricsAnswer"];

export type SloAnswer = Schemas["SloOverview"];
export type SloView = Schemas["SloView"];
export type SloKind = SloView["kind"];
export type SloStatus = SloView["status"];
export type SloWindowView = Schemas["WindowView"];
export type MeshEdgeView = Schemas["MeshEdgeView"];
export type SloDetailAnswer = Schemas["SloDetail"];
export type SloTargetInput = Schemas["TargetBody"];
