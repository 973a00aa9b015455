"""Regenerate docs/timeline.svg: Rich's SVG export of a real `govai timeline` on the bundled data.

Usage: python docs/render_screenshot.py   (the command shown is written into the picture's title)
"""

import io
from pathlib import Path

from rich.console import Console

from govai_cli import query, render
from govai_cli.dataset import load_dataset

ARGS = {"date_from": "2024-07", "date_to": "2024-12"}
COMMAND = "govai timeline --from 2024-07 --to 2024-12 --lang en"


def main() -> None:
    dataset = load_dataset().dataset
    filters = query.build_filters(dataset, **ARGS)
    events = query.timeline(dataset, filters)
    caption = render.caption(dataset, filters, "en", noun="events", count=len(events), events=events)
    console = Console(record=True, width=110, force_terminal=True, color_system="truecolor", file=io.StringIO())
    render.print_timeline(console, dataset, events, "en", caption=caption)
    Path(__file__).with_name("timeline.svg").write_text(console.export_svg(title=COMMAND), encoding="utf-8")


if __name__ == "__main__":
    main()
