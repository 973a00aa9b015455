"""Baseline: the smallest Typer + Rich program that prints a 60-row table (same versions as govai)."""

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer()


@app.command()
def main() -> None:
    table = Table("Date", "Event", "Forum", "Symbol")
    for i in range(60):
        date = f"2024-07-{i % 28 + 1:02d}"
        table.add_row(date, f"Event number {i} on artificial intelligence", "UNGA", f"A/RES/78/{i}")
    Console().print(table)


if __name__ == "__main__":
    app()
