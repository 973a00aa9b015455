"""YAML bytes → plain nodes, each with its line and column; every problem located.

YAML is read event by event with PyYAML's safe parser (the C one when present) and turned
into nodes of three kinds (Scalar, Seq, Map), so that:

- no tag is ever constructed (``!!python/...``, ``!!binary``, ``!!set`` are refused), nor any
  anchor or alias expanded (no "billion laughs"), and nesting is bounded by govai itself;
- every scalar is kept as the text the user wrote (``no``, ``010``, ``12:30`` and unquoted
  dates never turn into booleans, numbers or timestamps), to be checked by ``dataset``;
- duplicate keys are errors, never "last one wins".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from msgspec import Struct

from .errors import DataError, Problem
from .textnorm import CONTROL_CHARS, safe

MAX_DEPTH = 50
TOO_DEEP = f"nesting too deep (more than {MAX_DEPTH} levels)"

# Raw characters refused anywhere in a file: textnorm's CONTROL set but the carriage return
# (CRLF line ends are fine; a lone CR is refused below, with its own message). The class is
# written without it: a lookahead before each character made the search 4 times as slow.
_BAD_RAW = re.compile("[" + CONTROL_CHARS.replace("\x0b-\x1f", "\x0b\x0c\x0e-\x1f") + "]")
_LONE_CR = re.compile("\r(?!\n)")
_STR_TAG = "tag:yaml.org,2002:str"
NULLS = {"", "~", "null", "Null", "NULL"}


# ---------------------------------------------------------------- YAML → plain nodes


# msgspec structs, made in C: a first run at 100k files makes 6M of these. Not tracked by
# the garbage collector (gc=False): a tree of them holds no cycle (a Scalar holds only text
# and numbers; Seq and Map only the nodes under them), and Python's collector would visit
# each of them at every collection while a file is read.
class Scalar(Struct, gc=False):
    value: str
    line: int
    column: int
    plain: bool
    comment_follows: bool = False


class Seq(Struct, gc=False):
    items: list[Node]
    line: int
    column: int


class Map(Struct, gc=False):
    items: dict[str, tuple[Scalar, Node]]
    line: int
    column: int


Node = Scalar | Seq | Map


def describe(node: Node) -> str:
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    return f"'{clip(node.value)}'" if node.value else "nothing"


def clip(text: str, width: int = 40) -> str:
    text = safe(text)
    return text if len(text) <= width else text[: width - 1] + "…"


def _position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``, counting ``\\n`` only, as editors do."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _place(mark: Any, lines: Sequence[str]) -> tuple[int, int]:
    """1-based line and column of a PyYAML mark, inside the file as an editor shows it.

    At the end of a file with no final newline, libyaml places its mark on a line after the
    last one; that is the end of the last line.
    """
    if lines and mark.line >= len(lines):
        return len(lines), len(lines[-1]) + 1
    return mark.line + 1, mark.column + 1


def _yaml_problem(path: str, exc: Exception, lines: Sequence[str] = ()) -> Problem:
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    context_mark = getattr(exc, "context_mark", None)
    problem_mark = getattr(exc, "problem_mark", None)
    mark = context_mark or problem_mark
    message = f"YAML syntax error: {problem}"
    at = ""
    if problem_mark is not None and problem_mark.line < len(lines):
        at = lines[problem_mark.line][problem_mark.column : problem_mark.column + 1]
    tab = at == "\t" or "\t" in problem or "'\\t'" in problem or " tab " in problem
    if tab and problem_mark is not None:
        # Point at the tab itself, not at the value being read when it was met.
        line, column = _place(problem_mark, lines)
        return Problem(path, line, f"{message}; use spaces, not tabs, to indent", column)
    if context and context_mark is not None and problem_mark is not None:
        line, column = _place(problem_mark, lines)
        message = (
            f"YAML syntax error {context} that starts here: {problem} (parsing stopped at line {line}, column {column})"
        )
    if tab:
        message += "; use spaces, not tabs, to indent"
    elif "mapping values are not allowed" in problem:
        message += "; put the value in quotes if it contains ': '"
    elif "found unexpected end of stream" in problem and "quoted" in (context or ""):
        message += "; close the quote"
    if mark is None:
        return Problem(path, None, message)
    line, column = _place(mark, lines)
    return Problem(path, line, message, column)


def parse_yaml(text: str, path: str) -> Node | None:
    """One YAML document as plain nodes; raise DataError with ``file:line`` on any problem."""
    bad = _BAD_RAW.search(text)
    if bad:
        line, column = _position(text, bad.start())
        char = f"U+{ord(bad.group()):04X}"
        raise DataError([Problem(path, line, f"character {char} not allowed in a data file", column)])
    lone_cr = _LONE_CR.search(text)
    if lone_cr:  # YAML counts it as a line break and most tools do not: line numbers would differ
        line, column = _position(text, lone_cr.start())
        message = "carriage return (U+000D) without a line feed; save the file with LF or CRLF line endings"
        raise DataError([Problem(path, line, message, column)])
    import yaml  # heavy, and a run served from the index never needs it

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    lines = text.split("\n")
    try:
        return _build(loader, lines, path, yaml)
    except yaml.YAMLError as exc:
        # Some parsers read a flow collection's brackets far ahead and stop at a depth of
        # their own (libyaml 0.2.5: 1000) before any event reaches _build; govai's limit is
        # govai's, so a bracket deeper than MAX_DEPTH before the parser's mark is the problem.
        mark = getattr(exc, "problem_mark", None)
        end = mark.index if mark is not None and isinstance(mark.index, int) else len(text)
        deep = too_deep(text, end + 1)
        if deep is not None:
            line, column = deep
            raise DataError([Problem(path, line, TOO_DEEP, column)]) from None
        raise DataError([_yaml_problem(path, exc, lines)]) from None
    finally:
        loader.dispose()


# Where a '[' or '{' opens a flow collection: first on its line, or after one of these.
_NODE_START = frozenset(":-?[{,")


def too_deep(text: str, end: int) -> tuple[int, int] | None:
    """Line and column of the first flow bracket nested deeper than MAX_DEPTH in ``text[:end]``.

    A light scan of YAML's flow brackets, independent of the parser: quoted text, comments,
    and brackets inside plain text (``see [1]``) are skipped. Block nesting needs no scan:
    its events reach _build one level at a time.
    """
    depth = 0
    previous = "\n"  # the last non-blank character seen, "\n" at a line's start
    quote = ""
    plain = False  # inside plain text, where brackets open nothing (in block context)
    index = 0
    end = min(end, len(text))
    while index < end:
        char = text[index]
        if quote:
            if char == quote:
                if quote == "'" and text.startswith("''", index):
                    index += 1  # '' is a quote inside single quotes
                else:
                    quote = ""
                    previous = char
            elif char == "\\" and quote == '"':
                index += 1
        elif char == "\n":
            previous, plain = "\n", False
        elif char in " \t\r":
            pass
        elif char == "#" and (index == 0 or text[index - 1] in " \t\n"):
            newline = text.find("\n", index)
            index = end if newline < 0 else newline - 1
        elif plain and not (depth and char in ",[]{}") and not (char == ":" and text[index + 1 : index + 2] in " \n"):
            pass
        elif char in "'\"" and (previous == "\n" or previous in _NODE_START):
            quote = char
        elif char in "[{" and (previous == "\n" or previous in _NODE_START):
            depth += 1
            if depth > MAX_DEPTH:
                return _position(text, index)
            previous, plain = char, False
        elif char in "]}":
            depth = max(depth - 1, 0)
            previous, plain = char, False
        else:
            plain = char not in _NODE_START or text[index + 1 : index + 2] not in " \n"
            previous = char
        index += 1
    return None


_ANCHORS = "anchors and aliases ('&', '*') are not allowed in govai data"


def _duplicate(path: str, key: Scalar, first: Scalar) -> DataError:
    message = f"duplicate key '{clip(key.value)}' (first at line {first.line}, again at line {key.line}); keep one"
    return DataError([Problem(path, key.line, message, key.column)])


def _build(loader: Any, lines: list[str], path: str, yaml: Any) -> Node | None:
    # This loop runs for every scalar of every file: it is where a first run at 100k files
    # spends its Python time. Hence the exact event class, commonest first; the open
    # collection, its items, its kind and its pending key kept in locals (a frame of them
    # pushed per nesting level) instead of looked up for every scalar; the rest of a plain
    # scalar's line sliced only when a blank follows it (a comment can only follow a blank).
    def fail(line: int, column: int, message: str) -> DataError:
        return DataError([Problem(path, line, message, column)])

    scalar_event, alias_event = yaml.ScalarEvent, yaml.AliasEvent
    sequence_start, mapping_start = yaml.SequenceStartEvent, yaml.MappingStartEvent
    ends = (yaml.SequenceEndEvent, yaml.MappingEndEvent)
    document_start, stream_end = yaml.DocumentStartEvent, yaml.StreamEndEvent
    get_event = loader.get_event
    line_count = len(lines)
    top = Seq([], 0, 0)  # holds the document's node
    items: Any = top.items  # the open collection's list or dict
    in_seq = True
    key: Scalar | None = None  # the open mapping's key waiting for its value
    frames: list[tuple[Any, bool, Scalar | None]] = []  # the same, for each enclosing collection
    documents = 0
    while True:
        event = get_event()
        cls = type(event)
        if cls is scalar_event:
            mark = event.start_mark
            if event.anchor is not None:
                raise fail(mark.line + 1, mark.column + 1, _ANCHORS)
            tag = event.tag
            if tag is not None and tag != "!" and tag != _STR_TAG:
                raise fail(mark.line + 1, mark.column + 1, f"YAML tags ('{clip(tag)}') are not allowed in govai data")
            if event.style:
                node = Scalar(event.value, mark.line + 1, mark.column + 1, False)
            else:
                follows = False
                end = event.end_mark
                if end.line < line_count:
                    text = lines[end.line]
                    if text[end.column : end.column + 1] in (" ", "\t"):
                        follows = text[end.column :].lstrip().startswith("#")
                node = Scalar(event.value, mark.line + 1, mark.column + 1, True, follows)
            if in_seq:
                items.append(node)
            elif key is None:
                key = node
            else:
                if key.value in items:
                    raise _duplicate(path, key, items[key.value][0])
                items[key.value] = (key, node)
                key = None
        elif cls in ends:
            items, in_seq, key = frames.pop()
        elif cls is mapping_start or cls is sequence_start:
            mark = event.start_mark
            line, column = mark.line + 1, mark.column + 1
            if event.anchor is not None:
                raise fail(line, column, _ANCHORS)
            tag = event.tag
            if tag is not None and tag != "!":
                raise fail(line, column, f"YAML tags ('{clip(tag)}') are not allowed in govai data")
            if len(frames) >= MAX_DEPTH:
                raise fail(line, column, TOO_DEEP)
            collection: Seq | Map = Seq([], line, column) if cls is sequence_start else Map({}, line, column)
            if in_seq:
                items.append(collection)
            elif key is None:
                raise fail(line, column, "a mapping key must be plain text, not a list or a mapping")
            else:
                if key.value in items:
                    raise _duplicate(path, key, items[key.value][0])
                items[key.value] = (key, collection)
                key = None
            frames.append((items, in_seq, key))
            items, in_seq, key = collection.items, cls is sequence_start, None
        elif cls is alias_event:
            mark = event.start_mark
            raise fail(mark.line + 1, mark.column + 1, _ANCHORS)
        elif cls is document_start:
            documents += 1
            if documents > 1:
                mark = event.start_mark
                raise fail(mark.line + 1, mark.column + 1, "one YAML document per file expected; found a second '---'")
        elif cls is stream_end or event is None:
            break
        # StreamStart and DocumentEnd carry nothing
    return top.items[0] if top.items else None


def decode(data: bytes, path: str) -> str:
    """UTF-8 text of a file (a UTF-8 BOM is dropped); other encodings are refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError([Problem(path, 1, "file is UTF-16: save it as UTF-8", 1)])
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        byte = data[exc.start]
        message = f"not valid UTF-8 (byte 0x{byte:02X}); save the file as UTF-8"
        raise DataError([Problem(path, line, message, column)]) from None
