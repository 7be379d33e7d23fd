// The browser half of bench/web_load.py: loads pages of a running Master in headless Chromium and
// reads the Performance API. Reads its plan as JSON on stdin, writes the measurements as JSON on
// stdout (one object); nothing else goes to stdout.
//
// Plan: { executablePath, runs, pairs: [[scenario, …], …] }, a scenario being { name, baseUrl,
// cookie: {name, value}, path, cluster, ready, filters: [text, …] }. Each scenario gets a fresh
// browser context (empty HTTP cache), so its first run is cold and the others warm.
import { chromium } from "../web/node_modules/playwright/index.mjs";

// The element whose appearance means the page shows its real data (not a loading state).
const READY = {
  overview: '[data-testid="stat-pods-value"]',
  pods: '[data-testid="pod-row"]',
};

// Runs in the page before its own scripts: marks `ready:<name>` when READY[name] first enters
// the DOM (a MutationObserver fires in the microtask after React's commit), and records long
// tasks. `window.__atlFilter(text)` types `text` into the pods search box and resolves with the
// milliseconds until every row shown matches it.
function instrument({ cluster, ready }) {
  localStorage.setItem("atlhyper.cluster", cluster);
  window.__atlLongTasks = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) window.__atlLongTasks.push([entry.startTime, entry.duration]);
  }).observe({ type: "longtask", buffered: true });
  const pending = new Map(Object.entries(ready));
  const watcher = new MutationObserver(() => {
    for (const [name, selector] of pending) {
      if (document.querySelector(selector)) {
        performance.mark(`ready:${name}`);
        pending.delete(name);
      }
    }
    if (pending.size === 0) watcher.disconnect();
  });
  watcher.observe(document, { childList: true, subtree: true });

  window.__atlFilter = (text) =>
    new Promise((resolve, reject) => {
      const input = document.querySelector('[data-testid="pods-search"]');
      const table = document.querySelector('[data-testid="pods-table"]');
      if (!input || !table) return reject(new Error("no pods search box or table"));
      const done = () => {
        if (table.getAttribute("aria-busy") === "true") return false;
        const rows = [...table.querySelectorAll('[data-testid="pod-row"]')];
        return rows.length > 0 && rows.every((row) => row.textContent.includes(text));
      };
      const observer = new MutationObserver(() => {
        if (!done()) return;
        observer.disconnect();
        resolve(performance.now() - start);
      });
      observer.observe(table, { childList: true, subtree: true, attributes: true, characterData: true });
      const start = performance.now();
      // What a keystroke does to a React-controlled input: set the value, fire `input`.
      Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set.call(input, text);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      setTimeout(() => {
        observer.disconnect();
        reject(new Error(`rows never matched ${JSON.stringify(text)}`));
      }, 30_000);
    });
}

// What the Performance API knows once the page shows its data and has loaded.
function collect(readyName) {
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = Object.fromEntries(performance.getEntriesByType("paint").map((e) => [e.name, e.startTime]));
  const ready = performance.getEntriesByName(`ready:${readyName}`)[0].startTime;
  const resources = performance.getEntriesByType("resource").map((e) => ({
    name: new URL(e.name).pathname + new URL(e.name).search,
    type: e.initiatorType,
    start: e.startTime,
    responseEnd: e.responseEnd,
    transfer: e.transferSize,
    body: e.encodedBodySize,
    decoded: e.decodedBodySize,
  }));
  const blocked = window.__atlLongTasks
    .filter(([start]) => start < ready)
    .reduce((sum, [, duration]) => sum + Math.max(0, duration - 50), 0);
  return {
    responseEnd: nav.responseEnd,
    domContentLoaded: nav.domContentLoadedEventEnd,
    load: nav.loadEventEnd,
    fcp: paint["first-contentful-paint"] ?? null,
    ready,
    blocked,
    longTasks: window.__atlLongTasks.filter(([start]) => start < ready).length,
    resources,
  };
}

async function openContext(browser, scenario) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "en-US" });
  await context.addCookies([{ name: scenario.cookie.name, value: scenario.cookie.value, url: scenario.baseUrl }]);
  await context.addInitScript(instrument, {
    cluster: scenario.cluster,
    ready: { [scenario.ready]: READY[scenario.ready] },
  });
  return context;
}

async function load(context, scenario) {
  const page = await context.newPage();
  await page.goto(scenario.baseUrl + scenario.path, { waitUntil: "load" });
  await page.waitForFunction((name) => performance.getEntriesByName(`ready:${name}`).length > 0, scenario.ready, {
    timeout: 60_000,
  });
  return { page, figures: await page.evaluate(collect, scenario.ready) };
}

// The scenarios of a pair (the baseline and the large case) load in turn, the order swapped on
// every run, so that whatever else the machine does falls on both alike.
async function runPair(browser, pair, runs) {
  const contexts = [];
  const results = pair.map((scenario) => ({ name: scenario.name, runs: [], filters: [] }));
  const last = [];
  try {
    for (const scenario of pair) contexts.push(await openContext(browser, scenario));
    for (let i = 0; i < runs; i += 1) {
      const order = i % 2 ? [...pair.keys()].reverse() : [...pair.keys()];
      for (const j of order) {
        const { page, figures } = await load(contexts[j], pair[j]);
        results[j].runs.push(figures);
        if (i === runs - 1) last[j] = page;
        else await page.close();
      }
    }
    for (let k = 0; k < (pair[0].filters ?? []).length; k += 1) {
      for (const j of pair.keys()) {
        const text = pair[j].filters[k];
        results[j].filters.push(await last[j].evaluate((t) => window.__atlFilter(t), text));
      }
    }
    return results;
  } finally {
    for (const context of contexts) await context.close();
  }
}

async function main() {
  let input = "";
  for await (const chunk of process.stdin) input += chunk;
  const plan = JSON.parse(input);
  const browser = await chromium.launch({
    executablePath: plan.executablePath,
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  try {
    const results = [];
    for (const pair of plan.pairs) {
      process.stderr.write(`  ${pair.map((s) => s.name).join(" / ")}: ${plan.runs} loads each\n`);
      results.push(await runPair(browser, pair, plan.runs));
    }
    process.stdout.write(JSON.stringify({ version: browser.version(), results }));
  } finally {
    await browser.close();
  }
}

await main();
