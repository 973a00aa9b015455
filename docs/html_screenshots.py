"""Regenerate docs/html-export-fr.png and docs/html-export-en.png: the page `govai export
--format html` writes for the bundled data, in headless Chromium (/usr/bin/chromium).

Usage: python docs/html_screenshots.py   (govai installed; Playwright for Python)

Each picture: the page in its language, the years 2017 to 2026 picked with the sliders and the
HRC56 joint statement's mark focused (its tooltip shown).
"""

import subprocess
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

DOCS = Path(__file__).parent
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
PICK_YEARS = """() => {
  const form = document.querySelector("#controls");
  form.from.value = 2017;
  form.to.value = 2026;
  form.to.dispatchEvent(new Event("input", { bubbles: true }));
}"""


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for lang in ("fr", "en"):
            page_file = Path(folder) / f"{lang}.html"
            subprocess.run(["govai", "export", "-o", str(page_file), "--lang", lang], check=True, capture_output=True)
            page = browser.new_page(viewport={"width": 1100, "height": 1250}, device_scale_factor=1)
            page.goto(page_file.as_uri())
            page.evaluate(PICK_YEARS)
            page.wait_for_timeout(300)
            page.focus("#m-hrc56-joint-statement-ai-women")
            page.screenshot(path=DOCS / f"html-export-{lang}.png")
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
