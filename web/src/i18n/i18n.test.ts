import { describe, expect, it } from "vitest";
import enAdmin from "./en/admin.json";
import enCommon from "./en/common.json";
import enHosts from "./en/hosts.json";
import enObservability from "./en/observability.json";
import enOps from "./en/ops.json";
import enResources from "./en/resources.json";
import { en, zhCN } from "./locales";

function keys(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "object" && value !== null ? keys(value as object, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

/** Plural suffixes differ by language (Chinese has only `_other`), so compare base keys. */
const base = (key: string) => key.replace(/_(zero|one|two|few|many|other)$/, "");

describe("translations", () => {
  it("no two feature files define the same top-level key", () => {
    const all = [enCommon, enResources, enOps, enAdmin, enHosts, enObservability].flatMap((file) => Object.keys(file));
    expect(all.length).toBe(new Set(all).size);
  });

  it("zh-CN translates every English string and nothing else", () => {
    expect([...new Set(keys(zhCN).map(base))].sort()).toEqual([...new Set(keys(en).map(base))].sort());
  });

  it("zh-CN strings are really translated", () => {
    const same = keys(en).filter((key) => {
      const path = key.split(".");
      const pick = (tree: object) => path.reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], tree);
      const english = pick(en);
      return typeof english === "string" && english === pick(zhCN) && /[a-z]{3}/i.test(english);
    });
    // Product names and technical acronyms stay as they are.
    expect(same.sort()).toEqual(["app.name"]);
  });
});
