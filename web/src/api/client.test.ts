import { describe, expect, it } from "vitest";
import { apiError, mockFetch } from "../test/render";
import { ApiError, createApiClient, unwrap } from "./client";

describe("api client", () => {
  it("sends Content-Type: application/json on a mutation without a body (CSRF rule)", async () => {
    const calls = mockFetch({ "POST /api/v3/auth/logout": () => new Response(null, { status: 204 }) });
    await unwrap(createApiClient().POST("/api/v3/auth/logout"));
    expect(calls[0]!.headers.get("Content-Type")).toBe("application/json");
  });

  it("turns the Master's error envelope into an ApiError with its message", async () => {
    mockFetch({ "GET /api/v3/clusters": () => apiError(403, "forbidden", "admins only") });
    const failure = await unwrap(createApiClient().GET("/api/v3/clusters")).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({ status: 403, code: "forbidden", message: "admins only" });
  });

  it("reports a body that is not the envelope by its status", async () => {
    mockFetch({ "GET /api/v3/clusters": () => new Response("<html>bad gateway</html>", { status: 502, statusText: "Bad Gateway" }) });
    const failure = await unwrap(createApiClient().GET("/api/v3/clusters")).catch((error: unknown) => error);
    expect(failure).toMatchObject({ status: 502, code: "http_error" });
    expect((failure as ApiError).message).not.toBe("");
  });
});
