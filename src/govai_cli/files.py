"""Finding a dataset's files, and the content hash that identifies a dataset.

Kept apart from the YAML reader (``dataset.py``) so that a run served from the search index
imports neither PyYAML nor the schema.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from msgspec import Struct

from .errors import Problem
from .model import Dataset

YAML_SUFFIXES = (".yaml", ".yml")
LIST_FILES = {"actors.yaml": "actors", "sources.yaml": "sources", "topics.yaml": "topics"}
LIST_FILES |= {name.replace(".yaml", ".yml"): kind for name, kind in LIST_FILES.items()}


def bundled_data_dir() -> Path:
    """The dataset shipped inside the package (or beside the sources in a checkout)."""
    # Beside this module: the wheel installs the package as plain files (importlib.resources
    # would cost its own import, 3 ms, on every run).
    packaged = Path(__file__).resolve().parent / "data"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "data"


_EDITOR_SUFFIXES = ("~", ".swp", ".swo")
_FORMAT = 0o170000  # the file-type bits of st_mode (stat.S_IFMT)


# A data file: its path, its role (events, actors, sources, topics or mixed), size, mtime and
# ctime. The ctime too, because tools that copy a file keep its mtime (cp -p, tar, rsync -t)
# and a same-size edit would then go unseen; nothing but the kernel sets a ctime.
# Plain tuples, not a NamedTuple: at 100k files the class's constructor alone costs 0.1 s.
Found = tuple[str, str, int, int, int]


def scan(paths: Sequence[Path]) -> tuple[list[Found], list[Problem], list[Problem]]:
    """The YAML files under ``paths``, in a fixed order, each stat-ed once.

    Hidden and editor files are skipped; links to folders are not followed (a link loop cannot
    trap the walk); FIFOs, devices and links to them are skipped with a warning.
    """
    found: list[Found] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for given in paths:
        name = str(given)
        if not os.path.lexists(name):
            problems.append(Problem(name, None, "no such file or folder"))
        elif os.path.isdir(name):
            _scan_folder(name, given.name == "events", found, warnings)
        elif os.path.isfile(name):
            st = os.stat(name)
            role = LIST_FILES.get(given.name) or ("events" if given.parent.name == "events" else "mixed")
            found.append((name, role, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
        else:
            problems.append(Problem(name, None, "not a regular file or folder"))
    return found, problems, warnings


def _scan_folder(folder: str, in_events: bool, found: list[Found], warnings: list[Problem]) -> None:
    # Names sorted as strings, then one lstat each relative to the open folder: cheaper than
    # sorting DirEntry objects, and the same number of system calls.
    try:
        names = sorted(os.listdir(folder))
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError as exc:
        warnings.append(Problem(folder, None, f"skipped: {exc.strerror or exc}"))
        return
    prefix = os.path.join(folder, "")
    folders = []
    default_role = "events" if in_events else "mixed"
    append, lstat, roles = found.append, os.lstat, LIST_FILES
    try:
        for name in names:
            if name[:1] == "." or name.endswith(_EDITOR_SUFFIXES):
                continue
            try:
                st = lstat(name, dir_fd=handle)
            except OSError as exc:
                if name.endswith(YAML_SUFFIXES):
                    warnings.append(Problem(prefix + name, None, f"skipped: {exc.strerror or exc}"))
                continue
            kind = st.st_mode & _FORMAT
            if kind == stat.S_IFREG:
                if name.endswith(YAML_SUFFIXES):
                    append((prefix + name, roles.get(name, default_role), st.st_size, st.st_mtime_ns, st.st_ctime_ns))
                continue
            if kind == stat.S_IFDIR:
                folders.append(name)
                continue
            if not name.endswith(YAML_SUFFIXES):
                continue
            if kind == stat.S_IFLNK:
                try:
                    st = os.stat(prefix + name)
                except OSError as exc:
                    warnings.append(Problem(prefix + name, None, f"skipped: {exc.strerror or exc}"))
                    continue
            if not stat.S_ISREG(st.st_mode):
                warnings.append(Problem(prefix + name, None, "skipped: not a regular file"))
                continue
            append((prefix + name, roles.get(name, default_role), st.st_size, st.st_mtime_ns, st.st_ctime_ns))
    finally:
        os.close(handle)
    for name in folders:
        _scan_folder(prefix + name, in_events or name == "events", found, warnings)


def data_roots(paths: Sequence[Path] | None) -> list[Path]:
    return [bundled_data_dir()] if paths is None else list(paths)


def content_hash(roots: Sequence[Path], files: Sequence[tuple[str, str]]) -> str:
    """SHA-256 over each file's place in its folder and its bytes' SHA-256: (path, sha256) pairs.

    The lines ``place\0sha256\n`` are hashed in sorted order (``\0`` sorts first, so this is
    the order of the (place, sha256) pairs): the hash does not depend on where data lives.
    """
    prefixes = [str(root) + os.sep for root in roots]
    lines = []
    for path, sha in files:
        for prefix in prefixes:
            if path.startswith(prefix):
                place = path[len(prefix) :]
                break
        else:
            place = os.path.basename(path)
        lines.append(f"{place}\0{sha}\n")
    if os.sep != "/":
        lines = [line.replace(os.sep, "/") for line in lines]
    lines.sort()
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def dataset_version(paths: Sequence[Path] | None) -> str | None:
    """The bundled dataset's version (data/VERSION); None for user data."""
    if paths is not None:
        return None
    try:
        return (bundled_data_dir() / "VERSION").read_text(encoding="utf-8").strip()
    except OSError:
        return None


class Loaded(Struct, frozen=True):
    """A validated dataset and the warnings met while reading it."""

    dataset: Dataset
    warnings: tuple[Problem, ...]
