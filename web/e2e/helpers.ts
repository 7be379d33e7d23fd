import path from "node:path";
import { expect, type Page } from "@playwright/test";

export const ADMIN = { username: "admin", password: process.env.E2E_ADMIN_PASSWORD ?? "e2e-admin-password" };

export function dataDir(): string {
  const dir = process.env.ATLHYPER_E2E_DATA_DIR;
  if (!dir) throw new Error("ATLHYPER_E2E_DATA_DIR is unset; run the tests through playwright.config.ts");
  return dir;
}

export function screenshotPath(name: string): string {
  return path.join(process.env.ATLHYPER_E2E_SCREENSHOTS ?? "../test-artifacts/screenshots", name);
}

/** Sign in through the login form and wait for the overview, where a sign-in lands. */
export async function login(page: Page, password = ADMIN.password, username = ADMIN.username): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Username").fill(username);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
}
