/** Sample Master answers for the observability pages' tests. */
import type {
  ApmAnswer,
  LogRow,
  LogsAnswer,
  NodeMetricsAnswer,
  OtelBlock,
  SloAnswer,
  SloView,
  SpanAnswer,
  SpanRow,
  TraceAnswer,
} from "./shared/types";

export const OTEL_OK: OtelBlock = {
  status: "ok",
  refreshedAt: new Date(Date.now() - 20_000).toISOString(),
  checkedAt: new Date(Date.now() - 20_000).toISOString(),
  error: "",
  windowSeconds: 300,
  ageSeconds: 20,
};

export const RANGE = { start: "2025-06-01T10:00:00Z", end: "2025-06-01T11:00:00Z" };

export function apm(extra: Partial<ApmAnswer> = {}): ApmAnswer {
  return {
    otel: OTEL_OK,
    services: [
      { name: "web", namespace: "shop", requests: 600, rate: 2, errors: 1, errorRate: 0.0017, p50Ms: 12, p99Ms: 80, health: "ok" },
      { name: "payments-api", namespace: "payments", requests: 60, rate: 0.2, errors: 6, errorRate: 0.1, p50Ms: 40, p99Ms: 900, health: "critical" },
    ],
    edges: [{ source: "web", target: "payments-api", kind: "http", requests: 60, rate: 0.2, errors: 6, errorRate: 0.1, p50Ms: 40, p99Ms: 900 }],
    map: {
      nodes: [
        { id: "web", name: "web", kind: "service", rate: 2, errorRate: 0.0017, p99Ms: 80, health: "ok" },
        { id: "payments-api", name: "payments-api", kind: "service", rate: 0.2, errorRate: 0.1, p99Ms: 900, health: "critical" },
        { id: "db:postgres", name: "postgres", kind: "db", rate: 0.2, errorRate: 0, p99Ms: 9, health: "ok" },
      ],
      links: [
        { source: "web", target: "payments-api", rate: 0.2, errorRate: 0.1, p99Ms: 900, health: "critical" },
        { source: "payments-api", target: "db:postgres", rate: 0.2, errorRate: 0, p99Ms: 9, health: "ok" },
      ],
    },
    ...extra,
  };
}

function span(spanId: string, parentSpanId: string, service: string, name: string, offsetMs: number, durationMs: number, depth: number, extra: Partial<SpanRow> = {}): SpanRow {
  return {
    spanId,
    parentSpanId,
    service,
    name,
    kind: depth === 0 ? "Server" : "Client",
    start: new Date(Date.parse("2025-06-01T10:00:00Z") + offsetMs).toISOString(),
    offsetMs,
    durationMs,
    depth,
    error: false,
    statusMessage: "",
    events: [],
    ...extra,
  };
}

export const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

export function log(body: string, extra: Partial<LogRow> = {}): LogRow {
  return { time: "2025-06-01T10:00:00.120Z", service: "web", severity: "INFO", body, traceId: TRACE_ID, spanId: "a1", namespace: "shop", pod: "web-1", attributes: {}, ...extra };
}

export function trace(): TraceAnswer {
  return {
    otel: OTEL_OK,
    traceId: TRACE_ID,
    start: "2025-06-01T10:00:00Z",
    durationMs: 200,
    services: ["web", "payments-api"],
    spans: [
      span("a1", "", "web", "POST /checkout", 0, 200, 0),
      span("b2", "a1", "web", "POST /charges", 10, 150, 1),
      span("c3", "b2", "payments-api", "POST /charges", 20, 100, 2, {
        kind: "Server",
        error: true,
        statusMessage: "card declined",
        events: [
          {
            time: "2025-06-01T10:00:00.100Z",
            name: "exception",
            attributes: { "exception.type": "CardDeclined", "exception.message": "card declined", "exception.stacktrace": "Traceback (most recent call last):\n  File \"charge.py\", line 12" },
          },
        ],
      }),
      span("d4", "a1", "web", "SELECT carts", 180, 0.01, 1),
    ],
    logs: [log("checkout started"), log("charge failed: card declined", { service: "payments-api", severity: "ERROR", spanId: "c3" })],
  };
}

export function logs(extra: Partial<LogsAnswer> = {}): LogsAnswer {
  return {
    otel: OTEL_OK,
    range: RANGE,
    items: [log("payment timeout after 3 retries", { severity: "ERROR", attributes: { "code.function": "charge" } }), log("GET /products served")],
    total: 2,
    stepSeconds: 60,
    histogram: [
      { time: 1748772000, count: 10, errors: 1 },
      { time: 1748772060, count: 12, errors: 0 },
      { time: 1748772120, count: 8, errors: 3 },
    ],
    facets: {
      service: [
        { value: "web", count: 20 },
        { value: "payments-api", count: 10 },
      ],
      severity: [
        { value: "INFO", count: 26 },
        { value: "ERROR", count: 4 },
      ],
      namespace: [{ value: "shop", count: 30 }],
      pod: [{ value: "web-1", count: 30 }],
    },
    ...extra,
  };
}

export function nodeMetrics(): NodeMetricsAnswer {
  const points = (base: number): [number, number][] => [0, 1, 2].map((i) => [1748772000 + i * 60, base + i]);
  return {
    otel: OTEL_OK,
    range: RANGE,
    node: "worker-1",
    instance: "10.0.0.11:9100",
    stepSeconds: 60,
    hardware: null,
    series: [
      { group: "memory", name: "used", unit: "bytes", points: points(2e9) },
      { group: "cpu", name: "user", unit: "percent", points: points(10) },
      { group: "cpu", name: "system", unit: "percent", points: points(5) },
      { group: "network", name: "eth0 rx", unit: "bytesPerSecond", points: points(1000) },
      { group: "network", name: "eth0 rx packets", unit: "perSecond", points: points(20) },
      { group: "temperature", name: "coretemp", unit: "celsius", points: points(45) },
    ],
  };
}

export function sloView(name: string, extra: Partial<SloView> = {}): SloView {
  return {
    kind: "ingress",
    name,
    hosts: ["shop.example.com"],
    namespace: "shop",
    target: { availability: 0.999, latencyMs: 500, latencyObjective: 0.99, custom: false },
    current: { rate: 2.5, availability: 0.998, p50Ms: 20, p99Ms: 300 },
    windows: [
      { window: "1d", requests: 1000, errors: 2, availability: 0.998, latencyShare: 0.995, errorBudgetRemaining: -1, burnRate: 2 },
      { window: "7d", requests: 7000, errors: 7, availability: 0.999, latencyShare: 0.996, errorBudgetRemaining: 0, burnRate: 1 },
      { window: "30d", requests: 30000, errors: 15, availability: 0.9995, latencyShare: 0.997, errorBudgetRemaining: 0.5, burnRate: 0.5 },
    ],
    forecast: { exhaustedAt: "2025-06-08T10:00:00Z", daysLeft: 7.5 },
    status: "warning",
    ...extra,
  };
}

export function slo(): SloAnswer {
  return {
    otel: OTEL_OK,
    items: [
      sloView("shop-web-80@kubernetes"),
      sloView("payments/payments-api", {
        kind: "service",
        hosts: [],
        namespace: "payments",
        target: { availability: 0.99, latencyMs: 250, latencyObjective: 0.95, custom: true },
        windows: [{ window: "1d", requests: 0, errors: 0, availability: null, latencyShare: null, errorBudgetRemaining: null, burnRate: null }],
        forecast: { exhaustedAt: null, daysLeft: null },
        status: "nodata",
        current: null,
      }),
    ],
    meshEdges: [
      { sourceNamespace: "shop", source: "web", targetNamespace: "payments", target: "payments-api", requests: 100, rate: 1, failures: 2, successRate: 0.98, p50Ms: 20, p99Ms: 120, health: "warning" },
    ],
    mesh: {
      nodes: [
        { id: "shop/web", name: "web", kind: "service", rate: 2, errorRate: 0, p99Ms: 50, health: "ok" },
        { id: "payments/payments-api", name: "payments-api", kind: "service", rate: 1, errorRate: 0.02, p99Ms: 120, health: "warning" },
      ],
      links: [{ source: "shop/web", target: "payments/payments-api", rate: 1, errorRate: 0.02, p99Ms: 120, health: "warning" }],
    },
  };
}

/** What the Master answers when span `a1` of `trace()` is opened. */
export function openedSpan(): SpanAnswer {
  return {
    otel: OTEL_OK,
    traceId: TRACE_ID,
    spanId: "a1",
    attributes: { "http.request.method": "POST", "http.route": "/checkout" },
    resource: { "k8s.pod.name": "web-1" },
  };
}
