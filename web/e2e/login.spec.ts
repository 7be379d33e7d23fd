import { expect, test } from "@playwright/test";
import { ADMIN, screenshotPath } from "./helpers";

test("an unauthenticated visit lands on the login page", async ({ page }) => {
  await page.goto("/pods");
  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByTestId("login-form")).toBeVisible();
  await page.screenshot({ path: screenshotPath("login.png"), fullPage: true });
});

test("signing in from a deep link returns to that page", async ({ page }) => {
  await page.goto("/events?type=Warning");
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/events\?type=Warning$/);
  await expect(page.getByRole("heading", { name: "Events", level: 1 })).toBeVisible();
});

test("a wrong password shows an error message", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password").fill("definitely-not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("login-error")).toHaveText("Wrong username or password.");
  await expect(page).toHaveURL(/\/login$/);
});

test("logging out returns to the login page and ends the session", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Username").fill(ADMIN.username);
  await page.getByLabel("Password").fill(ADMIN.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await expect(page).toHaveURL(/\/overview$/);

  await page.getByTestId("user-menu").click();
  await page.getByTestId("logout").click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/nodes");
  await expect(page).toHaveURL(/\/login$/);
});

test("the theme toggle switches between light and dark and remembers the choice", async ({ page }) => {
  await page.goto("/login");
  const html = page.locator("html");
  const startsDark = ((await html.getAttribute("class")) ?? "").includes("dark");
  await page.getByTestId("theme-toggle").click();
  await expect(html).toHaveClass(startsDark ? /^(?!.*\bdark\b)/ : /\bdark\b/);
  await page.reload();
  await expect(html).toHaveClass(startsDark ? /^(?!.*\bdark\b)/ : /\bdark\b/);
  await page.screenshot({ path: screenshotPath(startsDark ? "login-light.png" : "login-dark.png"), fullPage: true });
});
