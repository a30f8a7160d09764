"""Type-hole rules meant to generalize to code they were not written for: members of classes
resolved across modules and through inheritance, ``super()``, comprehension and loop
variables, lists built by ``append``, ``maybe() or fallback``, str methods, how a module
spells its generators, a library's own dunder protocols; and the bench's matching of
overloads and property setters. Every rule is shown on small sample code of its own."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from lift_tui.holes import suggest
from lift_tui.ir import IR

BASE = '''\
from pathlib import Path


class Store:
    @property
    def root(self) -> Path:
        return Path("/")

    def _join(self, *parts) -> str:
        return "/".join(parts)

    def label(self) -> str:
        return "store"

    def find(self, key: str):
        return None
'''

SHELVES = '''\
from typing import Iterator

from .base import Store


class Item:
    def weight(self) -> float:
        return 1.0


class Shelf(Store):
    items: list[Item]

    def home(self):
        return self._join("home", "shelf")

    def where(self):
        return super().root

    def title(self):
        return self._maybe_title() or super().label()

    def _maybe_title(self) -> str | None:
        return None

    def heavy(self):
        return [thing for thing in self.items if thing.weight() > 2]

    def first_weight(self):
        return self.items[0].weight()

    def items_of(self, things):
        return [t for t in things if isinstance(t, Item)]

    def collected(self):
        found = []
        for thing in self.items:
            found.append(thing)
        return found

    def stem(self, text: str):
        head, _, _ = text.partition(".")
        return head

    def walk(self):
        for thing in self.items:
            yield thing

    def __shelf_render__(self) -> Iterator[Item]:
        yield from self.items


class Tag:
    name: str
    level: int


class Ledger:
    def __init__(self, size: float, owner: Store) -> None:
        self.size = size
        self.owner = owner
        self.text: str = ""

    def fill(self, amount):
        return min(amount, self.size)

    def tagged(self, label, depth):
        return Tag(label, depth)

    def is_word(self, word):
        return self.text.upper() == word

    def keep(self, key):
        return self.owner.find(key)


class Cabinet:
    items: list[Item]

    def __shelf_render__(self):
        for thing in self.items:
            yield thing

    def lines(self):
        for thing in self.items:
            yield thing

    def opened(self) -> Iterator[Item]:
        yield from self.items
'''


@pytest.fixture(scope="module")
def lifted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, IR]:
    from lift_tui.reverse import lift_file

    root = tmp_path_factory.mktemp("heldout")
    package = root / "house"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "base.py").write_text(BASE, encoding="utf-8")
    (package / "shelves.py").write_text(SHELVES, encoding="utf-8")
    report = lift_file(package / "shelves.py")
    assert not report.errors
    return {ir.metadata.qualname: ir for ir in report.functions}


def _values(ir: IR, target: str) -> list[str]:
    hole = next(h for h in ir.holes if h.target == target)
    return [c.value for c in suggest(ir, hole.identifier, top=3, check=False)]


@pytest.mark.parametrize(
    ("qualname", "expected"),
    [
        ("Shelf.home", "str"),  # a method inherited from a class of another module
        ("Shelf.where", "Path"),  # super().property
        ("Shelf.title", "str"),  # `str | None` or str -> str
        ("Shelf.first_weight", "float"),  # method of a typed element
        ("Shelf.items_of", "list[Item]"),  # isinstance filter in a comprehension
        ("Shelf.collected", "list[Item]"),  # [] then append in a loop over list[Item]
        ("Shelf.stem", "str"),  # str.partition, then tuple unpacking
    ],
)
def test_inferred_returns_rank_first(lifted: dict[str, IR], qualname: str, expected: str) -> None:
    assert _values(lifted[qualname], "signature.returns")[0] == expected


def _param(ir: IR, name: str) -> list[str]:
    return _values(ir, f"signature.parameters.{name}.type_hint")


def test_parameter_passed_to_a_constructor_takes_the_field_type(lifted: dict[str, IR]) -> None:
    ir = lifted["Ledger.tagged"]
    assert _param(ir, "label")[0] == "str" and _param(ir, "depth")[0] == "int"


def test_parameter_compared_with_typed_peers(lifted: dict[str, IR]) -> None:
    assert _param(lifted["Ledger.fill"], "amount")[0] == "float"  # min(amount, self.size)
    assert _param(lifted["Ledger.is_word"], "word")[0] == "str"  # == self.text.upper()


def test_parameter_passed_to_a_method_of_an_imported_class(lifted: dict[str, IR]) -> None:
    assert _param(lifted["Ledger.keep"], "key")[0] == "str"  # self.owner: Store; Store.find(key: str)


def test_generator_offers_iterable_and_iterator_of_the_yielded_type(lifted: dict[str, IR]) -> None:
    values = _values(lifted["Shelf.walk"], "signature.returns")
    assert "Iterator[Item]" in values and "Iterable[Item]" in values


def test_module_spelling_and_own_dunder_protocol(lifted: dict[str, IR]) -> None:
    # `Cabinet.__shelf_render__` is the library's own protocol: `Shelf` annotates it
    values = _values(lifted["Cabinet.__shelf_render__"], "signature.returns")
    assert values[0] == "Iterator[Item]"


def test_data_model_dunders_do_not_borrow_unrelated_returns(tmp_path: Path) -> None:
    from lift_tui.reverse import lift_file

    path = tmp_path / "pairs.py"
    path.write_text(
        "class A:\n    def __getitem__(self, i) -> int:\n        return 1\n\n"
        "class B:\n    def __getitem__(self, i: int):\n        return 'x' * i\n",
        encoding="utf-8",
    )
    ir = next(f for f in lift_file(path).functions if f.metadata.qualname == "B.__getitem__")
    assert _values(ir, "signature.returns")[0] == "str"


def test_bench_matches_the_overload_or_setter_that_was_edited(tmp_path: Path) -> None:
    from lift_tui.bench import holes as bench

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "gauge.py").write_text(
        "class Gauge:\n"
        "    @property\n"
        "    def level(self) -> int:\n"
        "        return self._level\n\n"
        "    @level.setter\n"
        "    def level(self, value: int) -> None:\n"
        "        self._level = value\n",
        encoding="utf-8",
    )
    items = bench.corpus(50, corpus)
    setter = [i for i in items["param"] if i.target == "signature.parameters.value.type_hint"]
    assert len(setter) == 1
    prepared = bench._prepare(setter[0], tmp_path, 0)
    assert prepared is not None and prepared[1].target == setter[0].target


def test_bench_reports_a_corpus_without_guards(tmp_path: Path) -> None:
    from lift_tui.bench import holes as bench

    corpus = tmp_path / "plain"
    corpus.mkdir()
    (corpus / "m.py").write_text("def twice(n: int) -> int:\n    return n * 2\n", encoding="utf-8")
    args = argparse.Namespace(limit=10, corpus=[corpus], no_check=True, model=False)
    result = bench.run(args)
    found = result["corpora"]["plain"]
    assert [found[part]["guard"]["items"] for part in bench.SPLITS] == [0, 0]
    assert sum(found[part]["all"]["items"] for part in bench.SPLITS) == 2


GUARDED = '''\
from typing import Literal, Union

Mode = Literal["fast", "safe"]


class Token:
    pass


def run(mode: Mode, steps: int):
    return mode * steps


def feed(item: Union[str, "Token"], times: int):
    return [item] * times


class Capture:
    def __init__(self) -> None:
        self._result: str | None = None

    def get(self):
        return self._result.strip()


def fetch(table, limit, strict=False):
    """Read rows.

    :param table: name of the table to read, for example ``"users"``
    :param limit: number of rows to return
    :param strict: whether to fail on unknown columns
    """
    return table, limit, strict
'''


@pytest.fixture(scope="module")
def guarded(tmp_path_factory: pytest.TempPathFactory) -> dict[str, IR]:
    from lift_tui.reverse import lift_file

    path = tmp_path_factory.mktemp("guarded") / "guarded.py"
    path.write_text(GUARDED, encoding="utf-8")
    return {ir.metadata.qualname: ir for ir in lift_file(path).functions}


def _guards(ir: IR) -> list[str]:
    from lift_tui.ir import Hole, HoleKind

    target = f"assertions.precondition.{len(ir.preconditions)}"
    hole = Hole(identifier="g", kind=HoleKind.precondition, target=target, type_hint="bool")
    ir = ir.model_copy(update={"holes": [*ir.holes, hole]})
    return [c.value for c in suggest(ir, "g", top=3, check=False)]


def test_literal_parameter_is_checked_against_its_values(guarded: dict[str, IR]) -> None:
    assert _guards(guarded["run"])[0] == "mode in ('fast', 'safe')"


def test_union_of_classes_is_checked_as_a_whole(guarded: dict[str, IR]) -> None:
    assert "isinstance(item, (str, Token))" in _guards(guarded["feed"])


def test_method_reading_optional_state_requires_it_set(guarded: dict[str, IR]) -> None:
    assert _guards(guarded["Capture.get"])[0] == "self._result is not None"


def test_docstring_words_type_the_parameters(guarded: dict[str, IR]) -> None:
    ir = guarded["fetch"]
    assert _param(ir, "table")[0] == "str"
    assert _param(ir, "limit")[0] == "int"
    assert _param(ir, "strict")[0] == "bool"


def test_bench_compares_isinstance_tuples_in_any_order() -> None:
    from lift_tui.bench.holes_score import _unordered

    assert _unordered("isinstance(x, (str, Text))") == _unordered("isinstance(x, (Text, str))")
    assert _unordered("isinstance(x, (str, Text))") != _unordered("isinstance(x, str)")


FAMILIES = '''\
import typing as T
from pathlib import Path


class Dirs:
    def user_data_dir(self) -> str:
        return "/data"

    def site_data_dir(self) -> str:
        return "/site"

    def user_cache_dir(self):
        return self.lookup("cache")

    def lookup(self, key):
        raise NotImplementedError


def connect(url: str, user: T.Optional[str] = None, password=None, timeout: float = 1.0):
    return url, user, password, timeout
'''


@pytest.fixture(scope="module")
def families(tmp_path_factory: pytest.TempPathFactory) -> dict[str, IR]:
    from lift_tui.reverse import lift_file

    path = tmp_path_factory.mktemp("families") / "families.py"
    path.write_text(FAMILIES, encoding="utf-8")
    return {ir.metadata.qualname: ir for ir in lift_file(path).functions}


def test_functions_named_alike_return_alike(families: dict[str, IR]) -> None:
    assert _values(families["Dirs.user_cache_dir"], "signature.returns")[0] == "str"


def test_optional_parameter_spelled_like_its_optional_peers(families: dict[str, IR]) -> None:
    assert _param(families["connect"], "password")[0] == "str | None"


def test_typing_module_aliases_and_literals_compare_as_types() -> None:
    from lift_tui.analysis.typetext import same_type

    assert same_type("T.List[T.Optional[str]]", "list[str | None]")
    assert same_type("str | Literal[False] | None", "Optional[Union[Literal[False], str]]")
    assert not same_type("T.List[int]", "list[str]")


def test_sums_and_extremes_have_the_items_type(tmp_path: Path) -> None:
    from lift_tui.reverse import lift_file

    path = tmp_path / "scores.py"
    path.write_text(
        "def total(weights: list[float], scale: float):\n    return sum(w * scale for w in weights)\n\n"
        "def biggest(counts: list[int]):\n    return max(counts)\n",
        encoding="utf-8",
    )
    found = {f.metadata.qualname: f for f in lift_file(path).functions}
    assert _values(found["total"], "signature.returns")[0] == "float"
    assert _values(found["biggest"], "signature.returns")[0] == "int"


def test_membership_in_literals_and_methods_on_optional_state(tmp_path: Path) -> None:
    from lift_tui.reverse import lift_file

    path = tmp_path / "modes.py"
    path.write_text(
        "class Gate:\n"
        "    def __init__(self) -> None:\n"
        "        self.code: str | None = None\n\n"
        "    def open(self, mode):\n"
        "        if mode not in ('fast', 'safe'):\n"
        "            raise ValueError(mode)\n"
        "        return self.code.upper()\n",
        encoding="utf-8",
    )
    ir = next(f for f in lift_file(path).functions if f.metadata.qualname == "Gate.open")
    assert _param(ir, "mode")[0] == "str"
    assert _values(ir, "signature.returns")[0] == "str"
