"""Records as bytes for the cache: plain tuples through ``marshal``, never pickle.

Decoding builds only the model's own classes, so loading a cache file cannot run code.
"""

from __future__ import annotations

import marshal
from operator import attrgetter
from typing import Any

from msgspec import Struct

from .errors import Problem
from .model import Actor, Event, Fact, Origin, PartialDate, Participation, Role, Source, Text, Title, TitleForm, Topic

_TYPES: dict[str, type[Struct]] = {
    cls.__name__: cls
    for cls in (
        PartialDate, Origin, Text, TitleForm, Title, Fact, Role, Participation, Event, Actor, Source, Topic,
        Problem,
    )
}  # fmt: skip

_FIELDS: dict[type, tuple[str, tuple[str, ...]]] = {cls: (name, cls.__struct_fields__) for name, cls in _TYPES.items()}
# Each class's fields read in one call (a first build encodes every record): the values as a tuple.
_GETTERS: dict[type, tuple[str, Any]] = {
    cls: (name, attrgetter(*names) if len(names) > 1 else lambda v, n=names[0]: (getattr(v, n),))
    for cls, (name, names) in _FIELDS.items()
}


def encode(value: Any) -> Any:
    """``value`` as nested tuples of marshal's own types."""
    kind = type(value)
    if kind is str or value is None:
        return value
    getter = _GETTERS.get(kind)
    if getter is not None:
        return ("@", getter[0], tuple([encode(v) for v in getter[1](value)]))
    if isinstance(value, (tuple, list)):
        return ("T", tuple([encode(v) for v in value]))
    return value


def decode(value: Any) -> Any:
    if isinstance(value, tuple):
        if value[0] == "T":
            return tuple(decode(v) for v in value[1])
        cls = _TYPES[value[1]]
        return cls(*(decode(v) for v in value[2]))
    return value


def pack(value: Any) -> bytes:
    return marshal.dumps(encode(value))


def unpack(blob: bytes) -> Any:
    return decode(marshal.loads(blob))
