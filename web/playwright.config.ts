import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "@playwright/test";

/**
 * The whole stack (sim, Master, Agent) is started by `atlhyper demo` in a fresh data directory.
 * The runner loads this file again in its worker, so the directory is created once and handed on
 * through the environment, which the worker inherits.
 */
const here = path.dirname(fileURLToPath(import.meta.url));
process.env.ATLHYPER_E2E_DATA_DIR ??= fs.mkdtempSync(path.join(os.tmpdir(), "atlhyper-e2e-"));
process.env.ATLHYPER_E2E_SCREENSHOTS ??= path.resolve(here, "../test-artifacts/screenshots");
const DATA_DIR = process.env.ATLHYPER_E2E_DATA_DIR;
// E2E_BASE_URL points the tests at a stack that is already running (no demo is started then).
const external = process.env.E2E_BASE_URL;
// Ports can be moved so that two runs on one machine do not collide.
const MASTER_PORT = process.env.E2E_MASTER_PORT ?? "18080";
const SIM_PORT = process.env.E2E_SIM_PORT ?? "16443";
const AGENT_PORT = process.env.E2E_AGENT_PORT ?? "18081";
// The sim's embedded ClickHouse (chdb with an hour of generated OTel data) feeds the observability
// pages; it gets a free port unless one is given ("0" turns it off). Like the data directory, the
// port is chosen once and handed on to the worker through the environment.
process.env.E2E_CLICKHOUSE_PORT ??= freePort();
const CLICKHOUSE_PORT = process.env.E2E_CLICKHOUSE_PORT;

/** A TCP port nothing listens on now (asked of the OS in a child, since this file is synchronous). */
function freePort(): string {
  const script = "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close();});";
  return execFileSync(process.execPath, ["-e", script], { encoding: "utf8" }).trim();
}

export default defineConfig({
  testDir: "./e2e",
  workers: 1,
  retries: 0,
  reporter: "list",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: path.resolve(here, "../test-artifacts/playwright"),
  use: {
    baseURL: external ?? `http://127.0.0.1:${MASTER_PORT}`,
    // The UI picks its language from the browser's; every test starts in English.
    locale: "en-US",
    screenshot: "only-on-failure",
    trace: "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: external
    ? undefined
    : {
        command: `../.venv/bin/python -m atlhyper demo --port ${MASTER_PORT} --sim-port ${SIM_PORT} --agent-port ${AGENT_PORT} --clickhouse-port ${CLICKHOUSE_PORT} --data-dir ${DATA_DIR}`,
        env: { DEMO_ADMIN_PASSWORD: "e2e-admin-password" },
        url: `http://127.0.0.1:${MASTER_PORT}/healthz`,
        timeout: 120_000,
        reuseExistingServer: false,
        stdout: "pipe",
        stderr: "pipe",
      },
});
