"""The web UI's first load at 150,000 pods: bundle size; the overview and pods pages in Chromium.

    .venv/bin/python bench/web_load.py [--pods 150000] [--baseline-pods 1000] [--runs 7]

1. Builds the current web/src with Vite into a temporary directory (`--web-dir DIR` serves a
   build you made instead, e.g. web/dist after `make web`) and prints every JS/CSS asset's size,
   raw and gzip -6, split into what index.html loads at start and what is loaded lazily.
2. Starts two Masters (SQLite in a temporary directory, bench/fleet.py): one is pushed a cluster
   of `--pods` pods, the other, the baseline, one of `--baseline-pods`.
3. Headless Chromium (bench/web_load.mjs, Playwright from web/node_modules) loads each page on
   both Masters in turn, `--runs` times: the overview (the fleet `*` and the one cluster) and the
   pods page (50 rows, and 500). Every page gets a fresh browser context per Master, so its first
   load has an empty HTTP cache (cold) and the others a warm one. From the Performance API:
   navigation timing, first contentful paint, "data rendered" (a mark set when the page's real
   data enters the DOM: the overview's pod count, the first pod row), main-thread time blocked
   by long tasks until then, and the page's main API request (resource timing). On the pods
   page it then types `--filters` searches and times each until every row shown matches (the
   search box's 250 ms debounce included).

It prints large / baseline for every figure: the UI's cost should barely grow with the cluster,
because the Master pages and precomputes. Loads alternate between the two Masters, so the
machine's noise falls on both alike. Before the browser starts, each Master answers the pages'
API calls once (timed and printed), so first-query costs stay out of the browser's figures. It
asserts nothing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fleet import MasterProcess, cluster, encode, push

from atlhyper.master.auth import SESSION_COOKIE

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
BROWSER_SCRIPT = Path(__file__).with_name("web_load.mjs")
SEARCHES = ("svc-11-", "svc-23-", "svc-37-", "svc-52-", "svc-68-", "svc-81-", "svc-97-")
MAIN_REQUEST = {"overview": re.compile(r"/api/v3/clusters/[^/]+/overview"),
                "pods": re.compile(r"/api/v3/clusters/[^/]+/pods\?(?!.*status=)")}  # fmt: skip
NAVIGATION = (
    ("responseEnd", "HTML response end"),
    ("domContentLoaded", "DOMContentLoaded end"),
    ("fcp", "first contentful paint"),
    ("load", "load event end"),
    ("ready", "data rendered"),
    ("blocked", "long tasks >50ms to data"),
    ("apiDuration", "main API request"),
    ("apiEnd", "main API response end"),
)


@dataclass
class Asset:
    name: str
    raw: int
    gzipped: int
    initial: bool


def build_web(out: Path) -> Path:
    """Vite's production build of the current sources (no type check, no generated files)."""
    vite = WEB / "node_modules" / ".bin" / "vite"
    if not vite.exists():
        raise SystemExit("web/node_modules is missing: run `make web` once (it runs npm ci)")
    result = subprocess.run(
        [str(vite), "build", "--outDir", str(out), "--emptyOutDir", "--logLevel", "error"],
        cwd=WEB,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(f"the web build failed:\n{result.stdout}\n{result.stderr}")
    return out


def assets(dist: Path) -> list[Asset]:
    """Every JS/CSS file in dist/assets; initial when index.html loads or preloads it."""
    index = (dist / "index.html").read_text()
    started = set(re.findall(r'(?:src|href)="/?(assets/[^"]+)"', index))
    found = []
    for path in sorted((dist / "assets").iterdir()):
        if path.suffix not in {".js", ".css"}:
            continue
        data = path.read_bytes()
        relative = f"assets/{path.name}"
        found.append(Asset(path.name, len(data), len(gzip.compress(data, 6)), relative in started))
    return found


def print_assets(found: list[Asset], dist: Path) -> None:
    print(f"\nbundle ({dist}), gzip -6:")
    print(f"  {'asset':<36} {'loaded':<8} {'raw KB':>9} {'gzip KB':>9}")
    for asset in sorted(found, key=lambda a: (not a.initial, a.name)):
        loaded = "at start" if asset.initial else "lazily"
        print(
            f"  {asset.name:<36} {loaded:<8} {asset.raw / 1000:>9.1f} {asset.gzipped / 1000:>9.1f}"
        )
    for label, chosen in (
        ("initial (index.html)", [a for a in found if a.initial]),
        ("lazy chunks", [a for a in found if not a.initial]),
        ("total", found),
    ):
        raw = sum(a.raw for a in chosen)
        zipped = sum(a.gzipped for a in chosen)
        print(f"  {label:<45} {raw / 1000:>9.1f} {zipped / 1000:>9.1f}")
    total = sum(a.gzipped for a in found) / 1000
    print(f"  goal ≤ 400 KB gzip: total {total:.1f} KB ({'met' if total <= 400 else 'NOT met'})")


@dataclass
class Side:
    """One Master holding one synthetic cluster: the baseline or the large case."""

    master: MasterProcess
    cluster_id: str
    pods: int

    def scenarios(self, searches: list[str]) -> list[dict[str, Any]]:
        common = {
            "baseUrl": self.master.url,
            "cookie": {"name": SESSION_COOKIE, "value": self.master.admin.cookies[SESSION_COOKIE]},
        }
        pages = [
            ("overview, *", "/overview", "*", "overview", []),
            ("overview, cluster", "/overview", self.cluster_id, "overview", []),
            ("pods, *", "/pods", "*", "pods", []),
            ("pods, cluster", "/pods", self.cluster_id, "pods", searches),
            ("pods, 500 rows, cluster", "/pods?limit=500", self.cluster_id, "pods", []),
        ]
        return [
            {**common, "name": name, "path": path, "cluster": scope, "ready": ready,
             "filters": filters}
            for name, path, scope, ready, filters in pages
        ]  # fmt: skip

    def warm(self) -> str:
        """Ask what the pages ask once, so first-query costs stay out of the browser's figures."""
        parts = []
        for label, scope, path, params in (
            ("overview *", "*", "overview", {}),
            ("overview", self.cluster_id, "overview", {}),
            ("pods *", "*", "pods", {"limit": 50}),
            ("pods", self.cluster_id, "pods", {"limit": 50}),
            ("pods 500", self.cluster_id, "pods", {"limit": 500}),
        ):
            started = time.perf_counter()
            url = f"/api/v3/clusters/{scope}/{path}"
            self.master.admin.get(url, params=params).raise_for_status()
            parts.append(f"{label} {1000 * (time.perf_counter() - started):.0f} ms")
        return ", ".join(parts)


def start_side(work: Path, pods: int, seed: int) -> Side:
    """A Master in `work` that was pushed one full snapshot of a `pods`-pod cluster."""
    work.mkdir()
    master = MasterProcess(work)
    try:
        synthetic = cluster(f"c{pods}", pods, seed=seed)
        body, raw = encode(synthetic.full())
        cluster_id, token = master.register(synthetic.name)
        started = time.perf_counter()
        push(master.admin, token, body)
    except BaseException:
        master.stop()
        raise
    print(
        f"{pods:,} pods, {len(synthetic.objects['nodes']):,} nodes: snapshot {raw / 1e6:.0f} MB"
        f" ({len(body) / 1e6:.1f} MB zstd) pushed in {time.perf_counter() - started:.1f} s;"
        f" Master RSS {master.rss_mib():,.0f} MiB"
    )
    return Side(master, cluster_id, pods)


def run_browser(plan: dict[str, Any], children: list[subprocess.Popen[str]]) -> dict[str, Any]:
    node = subprocess.Popen(
        ["node", str(BROWSER_SCRIPT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own group, so Chromium goes with it on cleanup
    )
    children.append(node)
    out, _ = node.communicate(json.dumps(plan))
    if node.returncode != 0:
        raise SystemExit(f"the browser script failed (exit {node.returncode})")
    result: dict[str, Any] = json.loads(out)
    return result


def figures(run: dict[str, Any], ready: str) -> dict[str, float]:
    """The named figures of one load, with the page's main API request picked out."""
    pattern = MAIN_REQUEST[ready]
    api = [r for r in run["resources"] if pattern.search(r["name"])]
    main = min(api, key=lambda r: r["start"]) if api else None
    values = {key: run.get(key) for key, _ in NAVIGATION}
    values["apiDuration"] = main["responseEnd"] - main["start"] if main else None
    values["apiEnd"] = main["responseEnd"] if main else None
    return {k: float(v) for k, v in values.items() if v is not None}


def summary(result: dict[str, Any], ready: str) -> dict[str, tuple[float, float, float]]:
    """metric → (cold, warm median, warm max)."""
    loads = [figures(run, ready) for run in result["runs"]]
    cold, warm = loads[0], loads[1:] or loads
    out = {}
    for key, _ in NAVIGATION:
        values = [load[key] for load in warm if key in load]
        if key in cold and values:
            out[key] = (cold[key], statistics.median(values), max(values))
    return out


def cold_transfer(result: dict[str, Any]) -> str:
    """Bytes moved by the first load (the API requests finished when the figures were read)."""
    first = result["runs"][0]["resources"]
    static = [r for r in first if r["name"].startswith("/assets/")]
    api = [r for r in first if r["name"].startswith("/api/")]
    return (
        f"{len(static)} assets {sum(r['transfer'] for r in static) / 1000:.0f} KB on the wire, "
        f"{len(api)} API requests done {sum(r['transfer'] for r in api) / 1000:.0f} KB"
    )


def waterfall(result: dict[str, Any]) -> str:
    """start→end (ms) of each API request of the warm load with the median data time."""
    warm = sorted(result["runs"][1:] or result["runs"], key=lambda run: run["ready"])
    run = warm[len(warm) // 2]
    api = sorted(
        (r for r in run["resources"] if r["name"].startswith("/api/")), key=lambda r: r["start"]
    )
    parts = [
        f"{re.sub(r'/api/v3(/clusters/[^/]+)?', '', r['name'])[:28]}"
        f" {r['start']:.0f}→{r['responseEnd']:.0f}"
        for r in api
    ]
    return ", ".join(parts) + f"; data {run['ready']:.0f}"


def ratio(big: float, small: float) -> str:
    return f"{big / small:.2f}x" if small > 0 else "—"


def print_table(
    sides: tuple[Side, Side], pairs: list[tuple[dict[str, Any], dict[str, Any]]]
) -> None:
    small, big = sides[0].pods, sides[1].pods
    for result_small, result_big in pairs:
        ready = "overview" if result_small["name"].startswith("overview") else "pods"
        a, b = summary(result_small, ready), summary(result_big, ready)
        warm = len(result_small["runs"]) - 1
        print(f"\n{result_small['name']} (cold = 1st load; p50 and max of the other {warm})")
        print(f"  {'':<28} {f'{small:,} pods':>23} │ {f'{big:,} pods':>23} │ ratio")
        print(
            f"  {'ms since navigation start':<28} {'cold':>7} {'p50':>7} {'max':>7}"
            f" │ {'cold':>7} {'p50':>7} {'max':>7} │ {'cold':>7} {'p50':>7}"
        )
        for key, label in NAVIGATION:
            if key not in a or key not in b:
                continue
            (c1, m1, x1), (c2, m2, x2) = a[key], b[key]
            print(
                f"  {label:<28} {c1:>7.0f} {m1:>7.0f} {x1:>7.0f} │ {c2:>7.0f} {m2:>7.0f} {x2:>7.0f}"
                f" │ {ratio(c2, c1):>7} {ratio(m2, m1):>7}"
            )
        if result_small["filters"]:
            f1, f2 = result_small["filters"], result_big["filters"]
            m1, m2 = statistics.median(f1), statistics.median(f2)
            print(
                f"  {f'search → rows (p50/max, {len(f1)})':<28} {m1:>15.0f} {max(f1):>7.0f}"
                f" │ {m2:>15.0f} {max(f2):>7.0f} │ {'':>7} {ratio(m2, m1):>7}"
            )
        print(f"  cold load, {small:,}: {cold_transfer(result_small)}")
        print(f"  cold load, {big:,}: {cold_transfer(result_big)}")
        print(f"  API requests of the median warm load, {big:,}: {waterfall(result_big)}")


def verdict(pairs: list[tuple[dict[str, Any], dict[str, Any]]], pods: int) -> None:
    """The issue's goal for the overview, on the large cluster."""
    for _, result in pairs:
        if result["name"].startswith("overview"):
            cold, p50, top = summary(result, "overview")["ready"]
            typical = "met" if p50 <= 1000 else "NOT met"
            worst = "met" if max(cold, top) <= 1000 else "NOT met"
            print(
                f"goal: {result['name']} at {pods:,} pods shows its data in ≤ 1 s: cold {cold:.0f}"
                f" ms, warm p50 {p50:.0f} ms, max {top:.0f} ms (p50 {typical}; worst {worst})"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pods", type=int, default=150_000)
    parser.add_argument("--baseline-pods", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=7, help="loads per page (1 cold + warm)")
    parser.add_argument("--filters", type=int, default=5, help=f"searches, ≤ {len(SEARCHES)}")
    parser.add_argument("--web-dir", type=Path, help="a built UI to serve instead of building")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # clean up as on Ctrl-C

    work = Path(tempfile.mkdtemp(prefix="atlhyper-web-load-"))
    children: list[subprocess.Popen[str]] = []
    sides: list[Side] = []
    try:
        dist = args.web_dir.resolve() if args.web_dir else build_web(work / "dist")
        if not (dist / "index.html").is_file():
            raise SystemExit(f"no index.html in {dist}: run `make web` or drop --web-dir")
        print_assets(assets(dist), dist)

        print()
        os.environ["MASTER_WEB_DIR"] = str(dist)  # MasterProcess passes os.environ on
        sides.append(start_side(work / "baseline", args.baseline_pods, seed=1))
        sides.append(start_side(work / "large", args.pods, seed=2))
        for side in sides:
            print(f"first requests, {side.pods:,} pods: {side.warm()}")

        searches = list(SEARCHES[: args.filters])
        plan = {
            "executablePath": args.chromium,
            "runs": args.runs,
            "pairs": [list(p) for p in zip(*(s.scenarios(searches) for s in sides), strict=True)],
        }
        cpu = [side.master.cpu_seconds() for side in sides]
        started = time.perf_counter()
        result = run_browser(plan, children)
        elapsed = time.perf_counter() - started
        busy = ", ".join(
            f"{side.pods:,} pods {side.master.cpu_seconds() - before:.1f} s"
            for side, before in zip(sides, cpu, strict=True)
        )
        print(
            f"\n{result['version']}: {len(plan['pairs'])} pages, {args.runs} loads each on both in "
            f"{elapsed:.0f} s; Master CPU meanwhile: {busy}; load average "
            f"{os.getloadavg()[0]:.1f}"
        )
        pairs = [(small, large) for small, large in result["results"]]
        print_table((sides[0], sides[1]), pairs)
        print()
        verdict(pairs, args.pods)
    finally:
        for child in children:
            if child.poll() is None:
                os.killpg(child.pid, signal.SIGTERM)
                child.wait()
        for side in sides:
            side.master.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
