"""Finding a dataset's files, and the content hash that identifies a dataset.

Kept apart from the YAML reader (``dataset.py``) so that a run served from the search index
imports neither PyYAML nor the schema.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import re
import stat
import sys
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import partial
from itertools import chain, groupby
from operator import attrgetter, itemgetter
from pathlib import Path

from msgspec import Struct

from .errors import Problem
from .model import Dataset

try:  # BLAKE2b from its own module: hashlib's import loads OpenSSL, 5 ms of every run for nothing here
    from _blake2 import blake2b
except ImportError:  # a Python built without it: the same digests through hashlib
    from hashlib import blake2b

LIST_FILES = {"actors.yaml": "actors", "sources.yaml": "sources", "topics.yaml": "topics"}
LIST_FILES |= {name.replace(".yaml", ".yml"): kind for name, kind in LIST_FILES.items()}


def fingerprint(data: bytes = b"") -> blake2b:
    """A hash of what a run compares with what the index stored (the scan's blocks, the index's
    own name): 32 bytes of BLAKE2b. Not the data's identity, which is SHA-256 (``content_hash``)."""
    return blake2b(data, digest_size=32)


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
# The names the walk reads as data at once: visible, ending in a YAML suffix (no editor file does).
_VISIBLE_YAML = re.compile(r"[^.].*\.ya?ml\Z", re.DOTALL)
_COLUMNS = attrgetter("st_mode", "st_size", "st_mtime_ns", "st_ctime_ns")  # a block's four per file

BLOCK = 4096  # files of one folder per block of a scan: an edit re-reads and re-stores one block
Share = tuple[int, int]  # (k, n): the k-th of a walk in n processes, each stat-ing its turns of the blocks
Where = tuple[int, tuple[str, ...]]  # a folder's place in a walk: its given path's position, the subfolders' names
Place = tuple[int, tuple[str, ...], int]  # a block's order in a walk: its folder's place, its number there


# A data file: its path, its role (events, actors, sources, topics or mixed), size, mtime and
# ctime. The ctime too, because tools that copy a file keep its mtime (cp -p, tar, rsync -t)
# and a same-size edit would then go unseen; nothing but the kernel sets a ctime.
# Plain tuples, not a NamedTuple: at 100k files the class's constructor alone costs 0.1 s.
Found = tuple[str, str, int, int, int]


class Block:
    """Up to ``BLOCK`` YAML files of one folder, in the folder's listing order, with their
    mode, size, mtime and ctime in one array (four numbers a file, as ``_COLUMNS`` reads them).

    ``key`` names the block's place in the walk (``position:folder:number``: the given path's
    position, the folder, the block's number there); ``digest`` hashes its folder, role, names,
    modes, sizes and times. A block whose digest is the one stored for its key is unchanged:
    its files need not be looked at one by one, and ``unchanged`` drops its columns.
    """

    __slots__ = ("columns", "digest", "folder", "key", "names", "role")

    def __init__(self, key: str, folder: str, role: str, names: list[str], columns: array[int]) -> None:
        self.key, self.folder, self.role, self.names, self.columns = key, folder, role, names, columns
        digest = fingerprint(f"{folder}\0{role}\0".encode("utf-8", "surrogatepass"))
        digest.update("\0".join(names).encode("utf-8", "surrogatepass"))
        digest.update(columns)
        self.digest = digest.digest()

    def found(self) -> list[Found]:
        """The block's files, each as a ``Found``."""
        columns, folder, role, roles = self.columns, self.folder, self.role, LIST_FILES
        sizes, mtimes, ctimes = columns[1::4], columns[2::4], columns[3::4]
        return [
            (folder + name, roles.get(name, role), size, mtime, ctime)
            for name, size, mtime, ctime in zip(self.names, sizes, mtimes, ctimes, strict=True)
        ]

    def dumps(self) -> bytes:
        return marshal.dumps((self.key, self.folder, self.role, self.names, self.columns.tobytes()))

    @classmethod
    def loads(cls, blob: bytes) -> Block:
        key, folder, role, names, columns = marshal.loads(blob)
        return cls(key, folder, role, names, array("q", columns))

    def dumps_walked(self) -> tuple[str, str, str, list[str], bytes, bytes]:
        """The block as a walk in another process sends it: its digest too (an unchanged block
        has no columns left to compute it from)."""
        return self.key, self.folder, self.role, self.names, self.columns.tobytes(), self.digest

    @classmethod
    def loads_walked(cls, key: str, folder: str, role: str, names: list[str], columns: bytes, digest: bytes) -> Block:
        block = cls.__new__(cls)
        block.key, block.folder, block.role, block.names = key, folder, role, names
        block.columns, block.digest = array("q", columns), digest
        return block

    def unchanged(self) -> None:
        self.names, self.columns = [], array("q")


class Walk:
    """What a walk of the data paths found: blocks of files, problems (a given path missing)
    and warnings (files skipped). Blocks whose digest is in ``known`` (key: digest) keep only
    their digest: an unchanged tree is never turned into one tuple per file."""

    def __init__(self, paths: Sequence[Path], known: Mapping[str, bytes] | None = None, share: Share = (0, 1)) -> None:
        self.known = known or {}
        self.blocks: list[Block] = []
        self.places: list[Place] = []  # each block's place in the walk of the whole tree
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.share, self.met = share, 0  # (blocks of folders that every share walks, counted)
        first = share[0] == 0  # the share that reports what every share meets
        for position, given in enumerate(paths):
            name = str(given)
            if not os.path.lexists(name):
                self.problems += [Problem(name, None, "no such file or folder")] if first else []
            elif os.path.isdir(name):
                self._folder(f"{position}:", name, given.name == "events", (position, ()), share)
            elif os.path.isfile(name):
                if self._mine(share):
                    folder = name[: len(name) - len(given.name)]  # as given, with its separator
                    role = "events" if given.parent.name == "events" else "mixed"
                    columns = array("q", _COLUMNS(os.stat(name)))
                    self._add(Block(f"{position}:{name}", folder, role, [given.name], columns), (position, (), 0))
            else:
                self.problems += [Problem(name, None, "not a regular file or folder")] if first else []
        self.warnings.sort(key=Problem.sort_key)

    def found(self) -> list[Found]:
        """Every file, each folder's in name order, folders as they were walked (a folder's
        files before its subfolders'); blocks marked unchanged are left out."""
        every: list[Found] = []
        for _, blocks in groupby(self.blocks, key=lambda block: block.key.rpartition(":")[0]):
            every += sorted(found for block in blocks for found in block.found())
        return every

    def signature(self, notes: bytes) -> str:
        """One hash of every block's key and digest and of ``notes`` (the walk's problems)."""
        digest = fingerprint(notes)
        for block in self.blocks:
            digest.update(block.key.encode("utf-8", "surrogatepass") + b"\0" + block.digest)
        return digest.hexdigest()

    def _add(self, block: Block, place: Place) -> None:
        if self.known.get(block.key) == block.digest:
            block.unchanged()
        self.blocks.append(block)
        self.places.append(place)

    def _mine(self, share: Share) -> bool:
        """Whether the next block of a folder walked in ``share`` is this walk's to stat: every
        share of a walk counts the blocks of the folders all walk, and takes its turn."""
        if share[1] == 1:
            return True
        self.met += 1
        return (self.met - 1) % share[1] == share[0]

    def _folder(self, place: str, folder: str, in_events: bool, where: Where, share: Share) -> None:
        """The files of ``folder`` in blocks (with ``share``, its turns only), then its subfolders:
        those every share meets, and, walked by this share alone, those met in its blocks."""
        try:
            names = os.listdir(folder)
            handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        except OSError as exc:
            self.warnings += [Problem(folder, None, f"skipped: {exc.strerror or exc}")] if share[0] == 0 else []
            return
        prefix = os.path.join(folder, "")
        try:
            # The common case runs in C, one pass a step: the YAML names, one lstat each relative
            # to the open folder, their modes, sizes and times into an array. Only the other
            # names (folders among them) and a block holding more than regular files are looked
            # at name by name.
            data = list(filter(_VISIBLE_YAML.match, names))
            stat_in = partial(os.lstat, dir_fd=handle)
            role = "events" if in_events else "mixed"
            folders: list[str] = []  # folders named like data files, met in their blocks
            for number, start in enumerate(range(0, len(data), BLOCK)):
                if not self._mine(share):
                    continue
                chunk = data[start : start + BLOCK]
                try:
                    columns = array("q", chain.from_iterable(map(_COLUMNS, map(stat_in, chunk))))
                except OSError:
                    columns = array("q")
                if len(columns) < 4 * len(chunk) or any(mode & _FORMAT != stat.S_IFREG for mode in set(columns[::4])):
                    chunk, stats = self._regular(prefix, chunk, stat_in, folders)
                    columns = array("q", chain.from_iterable(map(_COLUMNS, stats)))
                self._add(Block(f"{place}{folder}:{number}", prefix, role, chunk, columns), (*where, number))
            shared = set(self._folders(names, len(data), stat_in))
        finally:
            os.close(handle)
        for name in sorted([*folders, *shared]):
            inner, alone = (where[0], (*where[1], name)), share if name in shared else (0, 1)
            self._folder(place, prefix + name, in_events or name == "events", inner, alone)

    def _regular(
        self, prefix: str, names: list[str], stat_in: Callable[[str], os.stat_result], folders: list[str]
    ) -> tuple[list[str], list[os.stat_result]]:
        """The regular files among ``names`` (links to them followed) and their stats; folders
        go to ``folders``, anything else is skipped with a warning."""
        kept, stats = [], []
        for name in names:
            try:
                st = stat_in(name)
                if st.st_mode & _FORMAT == stat.S_IFDIR:
                    folders.append(name)
                    continue
                if st.st_mode & _FORMAT == stat.S_IFLNK:
                    st = os.stat(prefix + name)
            except OSError as exc:
                self.warnings.append(Problem(prefix + name, None, f"skipped: {exc.strerror or exc}"))
                continue
            if not stat.S_ISREG(st.st_mode):
                self.warnings.append(Problem(prefix + name, None, "skipped: not a regular file"))
                continue
            kept.append(name)
            stats.append(st)
        return kept, stats

    @staticmethod
    def _folders(names: list[str], data: int, stat_in: Callable[[str], os.stat_result]) -> Iterator[str]:
        """The subfolders among the names that are not data (links to folders not followed)."""
        if data == len(names):
            return
        skipped = set(filter(_VISIBLE_YAML.match, names))
        for name in names:
            if name in skipped or name[:1] == "." or name.endswith(_EDITOR_SUFFIXES):
                continue
            with contextlib.suppress(OSError):
                if stat_in(name).st_mode & _FORMAT == stat.S_IFDIR:
                    yield name


def walk_aside(paths: Sequence[Path], known: Mapping[str, bytes]) -> Callable[[], Walk]:
    """The walk, started in child processes (one a core, up to two, each stat-ing its turns of
    the blocks), so that this process can do other work meanwhile (threads would take turns at
    Python's lock, once a file). The function returned waits for them and gives their walks as
    one. It walks here instead where there is no ``fork`` (or it is unsafe: not Linux), or if
    a child fails."""
    here = partial(Walk, paths, known)
    if sys.platform != "linux":
        return here
    count = min(2, os.cpu_count() or 1)
    children: list[tuple[int, int]] = []  # (pid, the pipe it writes to)
    for share in range(count):
        try:
            read, write = os.pipe()
        except OSError:
            break
        try:
            child = os.fork()
        except OSError:
            os.close(read)
            os.close(write)
            break
        if child == 0:  # a child: walks its share, sends it, and leaves at once (nothing flushed)
            code = 1
            try:
                os.close(read)
                with open(write, "wb") as pipe:
                    pipe.write(_dumps(Walk(paths, known, (share, count))))
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        children.append((child, read))

    def collect() -> Walk:
        shares = []
        for child, read in children:
            with open(read, "rb") as pipe:
                blob = pipe.read()
            _, status = os.waitpid(child, 0)
            shares.append(_loads(blob) if status == 0 and blob else None)
        if len(shares) < count or None in shares:
            return here()
        return _merged([share for share in shares if share is not None])

    return collect


def _dumps(walk: Walk) -> bytes:
    """A walk (a share of one) as a child process sends it."""
    notes = [[(p.path, p.line, p.message, p.column) for p in found] for found in (walk.problems, walk.warnings)]
    return marshal.dumps(([block.dumps_walked() for block in walk.blocks], walk.places, notes, walk.share))


def _loads(blob: bytes) -> Walk:
    blocks, places, (problems, warnings), share = marshal.loads(blob)
    walk = Walk.__new__(Walk)
    walk.known, walk.blocks = {}, [Block.loads_walked(*block) for block in blocks]
    walk.places, walk.share, walk.met = [(p, tuple(f), n) for p, f, n in places], tuple(share), 0
    walk.problems, walk.warnings = [Problem(*p) for p in problems], [Problem(*p) for p in warnings]
    return walk


def _merged(shares: Sequence[Walk]) -> Walk:
    """One walk of a walk's shares (``share`` (k, n) for k from 0 to n - 1): the blocks in the
    order of a walk of the whole, what every share meets as the first share reported it."""
    walk = Walk.__new__(Walk)
    walk.known, walk.share, walk.met = {}, (0, 1), 0
    placed = sorted(((p, b) for one in shares for p, b in zip(one.places, one.blocks, strict=True)), key=itemgetter(0))
    walk.places, walk.blocks = [place for place, _ in placed], [block for _, block in placed]
    walk.problems = list(shares[0].problems)
    walk.warnings = sorted((w for one in shares for w in one.warnings), key=Problem.sort_key)
    return walk


def scan(paths: Sequence[Path]) -> tuple[list[Found], list[Problem], list[Problem]]:
    """The YAML files under ``paths``, in a fixed order, each stat-ed once.

    Hidden and editor files are skipped; links to folders are not followed (a link loop cannot
    trap the walk); FIFOs, devices and links to them are skipped with a warning.
    """
    walk = Walk(paths)
    return walk.found(), walk.problems, walk.warnings


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
    import hashlib  # SHA-256 for the dataset's identity; only `info`, `export` and updates ask for it

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
