"""Baseline: a bare walk of a dataset's tree, ``os.scandir`` and one ``lstat`` per entry (the
floor of any check that looks at every file's size and times).

Usage: python bench/walk_baseline.py DATA_DIR
"""

import os
import sys


def walk(folder: str) -> int:
    count = 0
    with os.scandir(folder) as entries:
        for entry in entries:
            st = entry.stat(follow_symlinks=False)  # scandir gives no size or times on Linux: one lstat
            if entry.is_dir(follow_symlinks=False):
                count += walk(entry.path)
            else:
                count += st.st_size >= 0
    return count


print(walk(sys.argv[1]))
