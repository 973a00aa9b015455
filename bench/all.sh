#!/bin/sh
# Every figure of bench/README.md in one command: start-up on the bundled data, then search
# at 100,000 events (the synthetic set is generated once, under bench/out/, which git ignores).
# Run from a virtual environment: it installs govai there with `pip install .`.
set -e
cd "$(dirname "$0")/.."
python -m pip install -q .
python bench/startup.py --runs 9
[ -d bench/out/100k ] || python bench/generate.py 100000 bench/out/100k
python bench/scale.py bench/out/100k --runs 5
