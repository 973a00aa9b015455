"""Regenerate docs/timeline.svg: Rich's SVG export of a real `govai timeline` on the bundled data.

Usage: python docs/render_screenshot.py   (the command shown is written into the picture's title)
"""

import io
from pathlib import Path

from rich.console import Console

from govai_cli import query
from govai_cli.dataset import load_dataset
from govai_cli.output import TimelineResult
from govai_cli.output.tables import print_timeline

ARGS = {"date_from": "2024-07", "date_to": "2024-12"}
COMMAND = "govai timeline --from 2024-07 --to 2024-12 --lang en"


def main() -> None:
    dataset = load_dataset().dataset
    filters = query.build_filters(dataset, **ARGS)
    events = tuple(query.timeline(dataset, filters))
    console = Console(record=True, width=110, force_terminal=True, color_system="truecolor", file=io.StringIO())
    print_timeline(console, TimelineResult(dataset, filters, events, len(events)), "en")
    Path(__file__).with_name("timeline.svg").write_text(console.export_svg(title=COMMAND), encoding="utf-8")


if __name__ == "__main__":
    main()
