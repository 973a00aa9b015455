"""Baseline: PyYAML's CSafeLoader alone parsing every event file of a dataset (no checks, no index).

Usage: python bench/yaml_baseline.py DATA_DIR
"""

import sys
from pathlib import Path

import yaml

for path in sorted((Path(sys.argv[1]) / "events").glob("*.yaml")):
    with path.open(encoding="utf-8") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
