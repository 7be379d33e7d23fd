/**
 * The typed Master API client. Types come only from `schema.d.ts`, which `npm run gen:api`
 * generates from the Master's OpenAPI document; nothing here hand-writes a response shape.
 */
import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";

export type Schemas = components["schemas"];
export type ApiClient = ReturnType<typeof createClient<paths>>;

/** Every failed call becomes one of these; `message` is the server's words when it sent any. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** The server requires `Content-Type: application/json` on every mutation (CSRF defence). */
const jsonMutations: Middleware = {
  onRequest({ request }) {
    if (request.method !== "GET" && request.method !== "HEAD" && !request.headers.has("Content-Type")) {
      request.headers.set("Content-Type", "application/json");
    }
    return request;
  },
};

export function createApiClient(baseUrl: string = window.location.origin): ApiClient {
  const client = createClient<paths>({
    baseUrl,
    credentials: "same-origin",
    // Resolve fetch per call so tests (and polyfills) installed after start-up are used.
    fetch: (request: Request) => globalThis.fetch(request),
  });
  client.use(jsonMutations);
  return client;
}

/**
 * The Master's one error envelope, `{"error": {"code", "message", "details"}}`. It is still checked
 * at run time: a proxy in front of the Master may answer with something else.
 */
type ErrorEnvelope = components["schemas"]["ErrorBody"];

function isErrorBody(value: unknown): value is ErrorEnvelope {
  if (typeof value !== "object" || value === null || !("error" in value)) return false;
  const inner: unknown = value.error;
  return (
    typeof inner === "object" &&
    inner !== null &&
    "message" in inner &&
    typeof inner.message === "string" &&
    "code" in inner &&
    typeof inner.code === "string"
  );
}

interface FetchOutcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** Await an openapi-fetch call and return its data, or throw an `ApiError`. */
export async function unwrap<T>(call: Promise<FetchOutcome<T>>): Promise<T> {
  let outcome: FetchOutcome<T>;
  try {
    outcome = await call;
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === "AbortError") throw cause;
    throw new ApiError(0, "network", cause instanceof Error ? cause.message : String(cause));
  }
  const { data, error, response } = outcome;
  if (response.ok) return data as T;
  if (isErrorBody(error)) {
    throw new ApiError(response.status, error.error.code, error.error.message, error.error.details);
  }
  const raw: unknown = error;
  const text = typeof raw === "string" && raw.length < 200 ? raw : response.statusText;
  throw new ApiError(response.status, "http_error", text || `HTTP ${response.status}`);
}
