"""Records as bytes for the cache: MessagePack through msgspec, decoded by type, never pickle.

Decoding builds only the type it is asked for (a model class, or tuples of them), so loading
a cache file cannot run code. Both ways run in C: a first build encodes every record, a
timeline at 100k events decodes them all (the marshal tuples this replaced were built and
read back in Python: 22 µs of a first build's 330 µs a file went to encoding them).
"""

from __future__ import annotations

from typing import Any

from msgspec import msgpack

from .errors import Problem
from .model import Actor, Source, Topic

# What the index keeps besides its records: the problems and warnings of the data, and the
# walk's own notes (problems, warnings).
PROBLEMS = tuple[Problem, ...]
NOTES = tuple[PROBLEMS, PROBLEMS]
# The record class of each kind of row of the ``named`` table.
NAMED: dict[str, type[Actor | Source | Topic]] = {"actor": Actor, "source": Source, "topic": Topic}

_ENCODER = msgpack.Encoder()
_DECODERS: dict[Any, msgpack.Decoder[Any]] = {}


def pack(value: Any) -> bytes:
    return _ENCODER.encode(value)


def unpack(blob: bytes, kind: Any) -> Any:
    """The value of type ``kind`` that ``blob`` holds; ``msgspec.DecodeError`` (a ValueError)
    if it holds anything else."""
    decoder = _DECODERS.get(kind)
    if decoder is None:
        decoder = _DECODERS[kind] = msgpack.Decoder(kind)
    return decoder.decode(blob)
