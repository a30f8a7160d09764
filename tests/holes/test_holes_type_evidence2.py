"""Type-hole evidence, second pass: imported names resolved statically, calls with library-fixed
result types, class-wide protocols, how a value flows after it is made, and naming idioms.
Every rule is shown on small sample code of its own (never the standard library's)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lift_tui.analysis.imports import find_module_file
from lift_tui.holes import suggest
from lift_tui.ir import IR

UNITS = '''\
import os

print("imported!")  # must never run: resolution only reads the file
open(os.path.join(os.path.dirname(__file__), "SIDE_EFFECT"), "w").close()

Pos = int
Span = tuple[int, int]


class Meter:
    pass


def parse_len(text) -> float:
    return float(text)
'''

GEOMETRY = '''\
import struct
from .units import Meter, Pos, Span, parse_len
from . import units
from shapes.units import parse_len as parse_length
from .missing_module import Ghost
from .broken import Thing


def to_meter(value):
    return Meter()


def length_of(text):
    return parse_len(text)


def measure(text):
    return len(text)


def bounds(text: str):
    return (0, len(text))


def whole(a: Pos, b: Pos):
    return a, b


def absolute_import(text):
    return parse_length(text)


def via_module():
    return units.Meter()


def header(level: int):
    return struct.pack("<B", level)


def haunted():
    return Ghost()


def opened(name):
    return open(name, "rb")


def opened_text(path):
    return path.open("r", encoding="utf-8")


def predicate(x):
    return not isinstance(x, int) and getattr(x, "flag", False)


def pair(src: str, pos: Pos, flag: bool):
    if flag:
        return pos, src
    return src.find("x"), src.strip()


def ensure_table(obj):
    cont = obj.get("x")
    if not isinstance(cont, dict):
        raise TypeError("not a table")
    return cont


def send_all(sock_like, payload: bytes):
    sock_like.sendall(payload)


def dump(target):
    target.write(b"header")


def load(source):
    raw = source.read()
    return raw.decode()


def close_quietly(sock, exc, fp):
    pass


class Node:
    pass


def visit(node):
    return node
'''

STREAMS = '''\
import io
from typing import Iterator, Protocol


class Reader(Protocol):
    def read(self, size: int = -1) -> bytes: ...

    def readline(self): ...

    def readlines(self): ...

    def __iter__(self): ...


class Writer(Protocol):
    def write(self, s): ...

    def writelines(self, lines: list[str]) -> None: ...

    def flush(self) -> object: ...

    def close(self) -> object: ...

    def detach(self): ...


class Tags(Protocol):
    def __iter__(self) -> Iterator[str]: ...

    def __contains__(self, item): ...

    def __getitem__(self, key): ...


class Vector:
    def __init__(self, x: float) -> None:
        self.x = x

    def __add__(self, other):
        return Vector(self.x + other.x)

    def scaled(self):
        return self.double()

    def double(self) -> "Vector":
        return self + self


class Route(Protocol):
    def join(self, part: str) -> "Route": ...

    def parent(self): ...

    def is_root(self): ...


class Source:
    def entries(self) -> Iterator[str]:
        return iter([])

    def handle(self):
        raise NotImplementedError


class FileSource(Source):
    def entries(self):
        return (name for name in self.names())

    def handle(self) -> io.BufferedReader:
        return self.path.open("rb")

    def stream(self):
        return self.path.open("rb")
'''


@pytest.fixture(scope="module")
def package_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("evidence2")
    package = root / "shapes"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "units.py").write_text(UNITS, encoding="utf-8")
    (package / "broken.py").write_text("class Thing(:\n", encoding="utf-8")
    (package / "geometry.py").write_text(GEOMETRY, encoding="utf-8")
    (package / "streams.py").write_text(STREAMS, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def lifted(package_root: Path) -> dict[str, IR]:
    from lift_tui.reverse import lift_file

    found: dict[str, IR] = {}
    for name in ("geometry.py", "streams.py"):
        report = lift_file(package_root / "shapes" / name)
        assert not report.errors
        found.update({ir.metadata.qualname: ir for ir in report.functions})
    return found


def _top(ir: IR, target: str, n: int = 3) -> list[str]:
    hole = next(h for h in ir.holes if h.target == target)
    return [c.value for c in suggest(ir, hole.identifier, check=False, top=n)]


def _returns(lifted: dict[str, IR], qualname: str, n: int = 3) -> list[str]:
    return _top(lifted[qualname], "signature.returns", n)


def _param(lifted: dict[str, IR], qualname: str, name: str, n: int = 3) -> list[str]:
    return _top(lifted[qualname], f"signature.parameters.{name}.type_hint", n)


# imported names, resolved without importing


def test_imported_class_and_annotated_function(lifted: dict[str, IR]) -> None:
    assert _returns(lifted, "to_meter")[0] == "Meter"
    assert _returns(lifted, "length_of")[0] == "float"
    assert _returns(lifted, "via_module")[0] == "units.Meter"
    assert _returns(lifted, "absolute_import")[0] == "float"  # found from the project root


def test_imported_alias_is_offered_next_to_its_target(lifted: dict[str, IR]) -> None:
    assert _returns(lifted, "measure")[:2] == ["int", "Pos"]
    assert set(_returns(lifted, "bounds")[:2]) == {"tuple[int, int]", "Span"}
    assert "tuple[Pos, Pos]" in _returns(lifted, "whole")


def test_resolution_never_executes_the_module(lifted: dict[str, IR], package_root: Path) -> None:
    assert _returns(lifted, "to_meter")[0] == "Meter"
    assert not (package_root / "shapes" / "SIDE_EFFECT").exists()


def test_missing_or_broken_modules_are_just_unknown(
    lifted: dict[str, IR], package_root: Path, tmp_path: Path
) -> None:
    # `Ghost` comes from a module that does not exist: only the CapWords convention is left
    assert _returns(lifted, "haunted")[0] == "Ghost"
    assert find_module_file("no_such_module_anywhere", 0, str(tmp_path)) is None
    assert find_module_file("broken", 1, str(package_root / "shapes")) is not None  # found, unparseable
    assert find_module_file("nothing", 1, str(package_root / "shapes")) is None
    assert find_module_file("sys", 0, str(tmp_path)) is None  # built in: no source to read
    assert str(find_module_file("json.decoder", 0, str(tmp_path))).endswith("json/decoder.py")


# calls whose type the library fixes


def test_module_functions_of_c_modules_and_open_modes(lifted: dict[str, IR]) -> None:
    assert _returns(lifted, "header")[0] == "bytes"
    binary = _returns(lifted, "opened")
    assert binary[0] == "BinaryIO" and "io.BufferedReader" in binary
    text = _returns(lifted, "opened_text")
    assert text[0] == "TextIO" and "io.TextIOWrapper" in text


def test_boolean_operators_over_a_predicate(lifted: dict[str, IR]) -> None:
    assert _returns(lifted, "predicate")[0] == "bool"


def test_tuple_join_ignores_what_was_not_inferred(lifted: dict[str, IR]) -> None:
    assert _returns(lifted, "pair")[0] == "tuple[Pos, str]"


def test_isinstance_guard_narrows_the_returned_name(lifted: dict[str, IR]) -> None:
    assert "dict" in _returns(lifted, "ensure_table")


# how a parameter is used, and what it is named


def test_stream_and_socket_usage(lifted: dict[str, IR]) -> None:
    assert _param(lifted, "send_all", "sock_like")[0] == "socket.socket"
    assert _param(lifted, "dump", "target")[0] == "BinaryIO"
    assert _param(lifted, "load", "source")[0] == "BinaryIO"


def test_naming_idioms_are_weak_but_present(lifted: dict[str, IR]) -> None:
    assert _param(lifted, "close_quietly", "sock")[0] == "socket.socket"
    assert _param(lifted, "close_quietly", "exc")[:2] == ["BaseException", "Exception"]
    assert _param(lifted, "close_quietly", "fp")[0] == "IO"


def test_parameter_named_after_a_type_in_scope(lifted: dict[str, IR]) -> None:
    assert _param(lifted, "visit", "node")[0] == "Node"


# protocols a class implements as a whole


def test_file_protocol_methods_agree(lifted: dict[str, IR]) -> None:
    assert _returns(lifted, "Reader.readline")[0] == "bytes"
    assert _returns(lifted, "Reader.readlines")[0] == "list[bytes]"
    assert _returns(lifted, "Reader.__iter__")[0] == "Iterator[bytes]"
    assert _param(lifted, "Writer.write", "s")[0] == "str"


def test_container_protocol_methods_agree(lifted: dict[str, IR]) -> None:
    assert _param(lifted, "Tags.__contains__", "item")[0] == "str"
    assert _param(lifted, "Tags.__getitem__", "key")[0] == "str"
    assert _returns(lifted, "Tags.__contains__")[0] == "bool"


def test_operators_and_fluent_neighbours_return_the_class(lifted: dict[str, IR]) -> None:
    assert _returns(lifted, "Vector.__add__")[0] == "Vector"
    assert _returns(lifted, "Vector.scaled")[0] == "Vector"  # self.double() in the owner class
    assert _returns(lifted, "Route.parent")[0] == "Route"
    assert _returns(lifted, "Route.is_root")[0] == "bool"  # the naming prior outweighs the neighbours
    assert _returns(lifted, "Writer.detach")[0] == "object"  # what its neighbours mostly declare


def test_stub_body_says_nothing_about_none(lifted: dict[str, IR]) -> None:
    values = _returns(lifted, "Reader.readline", 6)
    assert values.index("bytes") < values.index("None")


def test_override_contracts_and_stream_equivalents(lifted: dict[str, IR]) -> None:
    # the base says Iterator[str]; the generator body says Iterator: together Iterator[str]
    assert _returns(lifted, "FileSource.entries")[0] == "Iterator[str]"
    handle = _returns(lifted, "FileSource.stream")
    assert handle[0] == "BinaryIO" and "io.BufferedReader" in handle
    # the base declaration: what the override returns, and the same stream as a protocol
    assert set(_returns(lifted, "Source.handle")) >= {"BinaryIO", "io.BufferedReader"}
