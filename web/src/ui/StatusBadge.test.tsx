import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { StatusBadge, statusTone } from "./StatusBadge";

describe("StatusBadge", () => {
  it.each([
    ["Running", "good", "bg-emerald-100"],
    ["Ready", "good", "bg-emerald-100"],
    ["Pending", "warn", "bg-amber-100"],
    ["ContainerCreating", "warn", "bg-amber-100"],
    ["Init:0/1", "warn", "bg-amber-100"],
    ["Ready,SchedulingDisabled", "warn", "bg-amber-100"],
    ["CrashLoopBackOff", "bad", "bg-red-100"],
    ["ImagePullBackOff", "bad", "bg-red-100"],
    ["OOMKilled", "bad", "bg-red-100"],
    ["NotReady", "bad", "bg-red-100"],
    ["Completed", "neutral", "bg-slate-100"],
    ["success", "good", "bg-emerald-100"],
    ["delivered", "warn", "bg-amber-100"],
    ["progressing", "warn", "bg-amber-100"],
    ["cancelled", "neutral", "bg-slate-100"],
    ["timeout", "bad", "bg-red-100"],
  ])("colours %s as %s", (status, tone, colour) => {
    render(<StatusBadge status={status} />);
    const badge = screen.getByText(status);
    expect(badge).toHaveAttribute("data-tone", tone);
    expect(badge.className).toContain(colour);
    expect(statusTone(status)).toBe(tone);
  });
});
