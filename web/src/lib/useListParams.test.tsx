import { act, renderHook } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter } from "react-router";
import { describe, expect, it } from "vitest";
import { useListParams } from "./useListParams";

const wrapper = ({ children }: { children: ReactNode }) => (
  <MemoryRouter initialEntries={["/pods?offset=100"]}>{children}</MemoryRouter>
);

describe("useListParams", () => {
  it("keeps a filter changed just before a search lands through a stale callback", () => {
    const { result } = renderHook(() => useListParams(["status"]), { wrapper });
    const staleUpdate = result.current[1];
    act(() => result.current[1]({ filters: { status: "Running" } }));
    act(() => staleUpdate({ q: "web" }));
    expect(result.current[0].filters).toEqual({ status: "Running" });
    expect(result.current[0].q).toBe("web");
    expect(result.current[0].offset).toBe(0);
  });

  it("two changes in one tick both apply", () => {
    const { result } = renderHook(() => useListParams(["status"]), { wrapper });
    act(() => {
      result.current[1]({ namespace: "shop" });
      result.current[1]({ sort: "-age" });
    });
    expect(result.current[0].namespace).toBe("shop");
    expect(result.current[0].sort).toBe("-age");
  });
});
