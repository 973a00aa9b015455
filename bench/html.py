"""Size and time to first paint of `govai export --format html`, in Debian's Chromium.

Usage: python bench/html.py [--events 5000] [--runs 5]

Exports the bundled dataset and a synthetic one of N events (bench/generate.py, written to
bench/out/ if missing) with the installed `govai`, then opens each page from file:// in
headless Chromium (Playwright, /usr/bin/chromium) in a fresh context per run, and prints a
Markdown table: file size, export time, and the medians of first paint, DOMContentLoaded and
load (`performance.getEntriesByType('paint')` and the navigation entry, in ms from navigation).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Browser, sync_playwright

BENCH = Path(__file__).parent
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
TIMINGS = """() => {
  const paint = Object.fromEntries(performance.getEntriesByType("paint").map((e) => [e.name, e.startTime]));
  const nav = performance.getEntriesByType("navigation")[0];
  return [paint["first-paint"], paint["first-contentful-paint"], nav.domContentLoadedEventEnd, nav.loadEventEnd];
}"""


def export(target: Path, *data: str) -> float:
    start = time.perf_counter()
    command = ["govai", "export", "-o", str(target), "--lang", "fr", "--force", *data]
    subprocess.run(command, check=True, capture_output=True)
    return time.perf_counter() - start


def measure(browser: Browser, page_file: Path, runs: int) -> list[float]:
    """Medians of first paint, first contentful paint, DOMContentLoaded and load, in ms."""
    samples = []
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.goto(page_file.as_uri(), wait_until="load", timeout=600_000)
        samples.append(page.evaluate(TIMINGS))
        context.close()
    return [statistics.median(column) for column in zip(*samples, strict=True)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    synthetic = BENCH / "out" / f"{args.events}"
    if not (synthetic / "events").is_dir():
        subprocess.run([sys.executable, str(BENCH / "generate.py"), str(args.events), str(synthetic)], check=True)
    with tempfile.TemporaryDirectory() as folder:
        cases = {
            "bundled dataset (79 events)": (Path(folder) / "bundled.html", ()),
            f"synthetic, {args.events:,} events": (Path(folder) / "synthetic.html", ("--data", str(synthetic))),
        }
        exported = {name: export(target, *data) for name, (target, data) in cases.items()}
        print(f"{args.runs} runs each, medians; Chromium {CHROMIUM}, viewport 1280×900\n")
        print("| page | size | export | first paint | first contentful paint | DOMContentLoaded | load |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            for name, (target, _) in cases.items():
                size = target.stat().st_size / 1e6
                timings = " | ".join(f"{t:,.0f} ms" for t in measure(browser, target, args.runs))
                print(f"| {name} | {size:.1f} MB | {exported[name]:.1f} s | {timings} |")
            browser.close()


if __name__ == "__main__":
    main()
