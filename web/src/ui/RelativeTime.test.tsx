import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { withI18n } from "../test/render";
import { RelativeTime } from "./RelativeTime";

const NOW = Date.parse("2025-06-01T12:00:00Z");

describe("RelativeTime", () => {
  it.each([
    ["2025-06-01T11:59:30Z", "30s"],
    ["2025-06-01T11:55:00Z", "5m"],
    ["2025-06-01T09:00:00Z", "3h"],
    ["2025-05-20T12:00:00Z", "12d"],
  ])("shows %s as %s with the absolute time in the title", (iso, age) => {
    withI18n(<RelativeTime iso={iso} now={NOW} />);
    const element = screen.getByText(age);
    expect(element.tagName).toBe("TIME");
    expect(element).toHaveAttribute("datetime", iso);
    const expected = new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "medium" });
    expect(element).toHaveAttribute("title", expected);
    expect(element.getAttribute("title")).toMatch(/2025/);
  });

  it("uses Chinese units in zh-CN", () => {
    withI18n(<RelativeTime iso="2025-06-01T11:55:00Z" now={NOW} />, "zh-CN");
    expect(screen.getByText("5分")).toHaveAttribute("title");
  });

  it("shows a dash for a missing or invalid time", () => {
    withI18n(
      <>
        <RelativeTime iso={null} now={NOW} />
        <RelativeTime iso="not a date" now={NOW} />
      </>,
    );
    expect(screen.getAllByText("—")).toHaveLength(2);
  });
});
