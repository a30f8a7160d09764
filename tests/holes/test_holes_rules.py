"""Each registered rule, run directly on a small function of its own: a failure names the rule.

Every rule in the registry must have an example here (a new rule without one fails
``test_every_registered_rule_has_an_example``). The functions are lifted by the real reverse
layer from real files, so the rules see what ``suggest`` would give them.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from lift_tui.analysis.parse import FunctionSource, qualname_nodes
from lift_tui.analysis.typetext import same_type
from lift_tui.holes.evidence import Evidence, confidence, merge
from lift_tui.holes.rules.registry import PARAMETER_RULES, Site
from lift_tui.holes.rules.returns import return_evidence
from lift_tui.holes.static import parameter_type_evidence
from lift_tui.reverse import lift_file

# rule name -> (module source, qualname of the function, parameter, a value the rule must propose)
EXAMPLES: dict[str, tuple[str, str, str, str]] = {
    "docstring": (
        '''
        def area(width):
            """Area.

            Args:
                width (float): the width
            """
            return width * 2
        ''',
        "area",
        "width",
        "float",
    ),
    "examples": (
        '''
        def has_close(numbers, threshold):
            """Whether two numbers are closer than threshold.

            >>> has_close([1.0, 2.0, 3.0], 0.5)
            False
            >>> has_close([1.0, 2.8, 3.0, 4.0], threshold=0.3)
            True
            """
            return False
        ''',
        "has_close",
        "numbers",
        "list[float]",
    ),
    "isinstance": ("def f(x):\n    if isinstance(x, bytes):\n        return x\n", "f", "x", "bytes"),
    "usage": ("def shout(text):\n    return text.upper() + '!'\n", "shout", "text", "str"),
    "streams": ("def dump(out):\n    out.write(b'header')\n", "dump", "out", "BinaryIO"),
    "named-types": (
        "from pathlib import Path\n\ndef read(path):\n    return Path(path).read_text()\n",
        "read",
        "path",
        "Path",
    ),
    "module": (
        "def a(count: int) -> int:\n    return count\n\ndef b(count):\n    return count\n",
        "b",
        "count",
        "int",
    ),
    "call-sites": (
        "def double(n):\n    return n\n\ndef caller(k: int) -> int:\n    return double(k)\n",
        "double",
        "n",
        "int",
    ),
    "package": ("def pad(width):\n    return width\n", "pad", "width", "int"),
    "same-class": (
        "class Point:\n    def __init__(self, x: int) -> None:\n        self.x = x\n\n"
        "    def dist(self, other):\n        return self.x - other.x\n",
        "Point.dist",
        "other",
        "Point",
    ),
    "override": (
        "class Base:\n    def size(self, unit: str) -> int:\n        return 0\n\n"
        "class Child(Base):\n    def size(self, unit):\n        return 1\n",
        "Child.size",
        "unit",
        "str",
    ),
    "attribute": (
        "class Box:\n    label: str\n\n    def set(self, value):\n        self.label = value\n",
        "Box.set",
        "value",
        "str",
    ),
    "prose": (
        '''
        def closest(numbers, threshold):
            """Check if in the given list of numbers any two are closer than threshold."""
            return False
        ''',
        "closest",
        "numbers",
        "list[float]",
    ),
    "protocol": (
        "class Ctx:\n    def __exit__(self, kind, exc, tb):\n        return None\n",
        "Ctx.__exit__",
        "exc",
        "BaseException | None",
    ),
    "type-parameter": (
        "from typing import Generic, TypeVar\n\nT = TypeVar('T')\n\n"
        "class Stack(Generic[T]):\n    def push(self, item):\n        ...\n",
        "Stack.push",
        "item",
        "T",
    ),
}
# The package rule reads the module's siblings: one of them annotates `width`.
SIBLING = "def frame(width: int, height: int) -> int:\n    return width * height\n"


def _site(tmp_path: Path, source: str, qualname: str, name: str | None) -> Site:
    folder = tmp_path / "pkg"
    folder.mkdir(exist_ok=True)
    (folder / "sibling.py").write_text(SIBLING, encoding="utf-8")
    path = folder / "mod.py"
    path.write_text(textwrap.dedent(source), encoding="utf-8")
    ir = next(f for f in lift_file(path).functions if f.metadata.qualname == qualname)
    target = "signature.returns" if name is None else f"signature.parameters.{name}.type_hint"
    hole = next(h for h in ir.holes if h.target == target)
    import ast

    module = ast.parse(path.read_text(encoding="utf-8"))
    return Site(ir, hole, FunctionSource(qualname_nodes(module)[qualname], module), name)


def test_every_registered_rule_has_an_example() -> None:
    assert set(PARAMETER_RULES) == set(EXAMPLES)


@pytest.mark.parametrize("rule", sorted(EXAMPLES))
def test_rule_proposes_its_type(rule: str, tmp_path: Path) -> None:
    source, qualname, name, wanted = EXAMPLES[rule]
    evidence = PARAMETER_RULES[rule](_site(tmp_path, source, qualname, name))
    assert any(same_type(e.value, wanted) for e in evidence), (rule, evidence)
    assert all(0.0 < e.weight < 1.0 and e.rationale for e in evidence)


def test_return_rules_type_what_is_returned(tmp_path: Path) -> None:
    site = _site(tmp_path, "def ratio(a, b):\n    return a / b\n", "ratio", None)
    assert any(
        e.value == "float" and e.tag == "returns" for e in return_evidence(site.ir, site.hole, site.fn)
    )
    site = _site(tmp_path, "def count(xs):\n    for x in xs:\n        yield len(x)\n", "count", None)
    assert {"Iterator[int]", "Iterable[int]"} <= {
        e.value for e in return_evidence(site.ir, site.hole, site.fn)
    }


def test_example_results_give_the_return_type(tmp_path: Path) -> None:
    source = (
        'def square(x):\n    """Square.\n\n    >>> square(3)\n    9\n'
        '    >>> square(1.5)\n    2.25\n    """\n'
    )
    site = _site(tmp_path, source, "square", None)
    assert ("float", "example") in {(e.value, e.tag) for e in return_evidence(site.ir, site.hole, site.fn)}
    site = _site(tmp_path, source, "square", "x")
    assert [e.value for e in PARAMETER_RULES["examples"](site)] == ["float"]  # 3 and 1.5 widen


def test_literal_values_are_typed_with_their_elements() -> None:
    import ast

    from lift_tui.analysis.literals import value_type

    def typed(text: str) -> str | None:
        return value_type(ast.parse(text, mode="eval").body)

    assert typed("[1.0, 2]") == "list[float]"
    assert typed("{'a': (1, 'x')}") == "dict[str, tuple[int, str]]"
    assert typed("[1, 'a']") == "list[int | str]"
    assert typed("[]") == "list" and typed("-3") == "int" and typed("[x]") is None


def test_type_phrases_in_words() -> None:
    from lift_tui.holes.rules.doc_words import described_type_evidence, prose_type_evidence

    assert [e.value for e in described_type_evidence("a list of integers", "`x`")] == ["list[int]"]
    assert [e.value for e in described_type_evidence("A string to parse.", "`x`")] == ["str"]
    assert [e.value for e in prose_type_evidence("Split it. text is a string of words.", "text")] == ["str"]
    assert prose_type_evidence("Sum a list of numbers.", "values") == []  # not bound to the name


def test_one_family_counts_once_and_the_lifter_only_alone() -> None:
    twice = [Evidence("int", "isinstance", "a", 0.5), Evidence("int", "isinstance", "b", 0.5)]
    assert confidence(twice) == 0.5  # the same way of knowing, seen twice
    independent = [Evidence("int", "isinstance", "a", 0.5), Evidence("int", "default", "b", 0.5)]
    assert confidence(independent) == 0.75
    restated = [Evidence("int", "usage", "a", 0.5), Evidence("int", "lifter", "b", 0.3)]
    assert confidence(restated) == 0.5
    assert confidence([Evidence("int", "lifter", "b", 0.3)]) == 0.3
    (candidate,) = merge(restated)
    assert candidate.confidence == 0.5 and candidate.evidence == ["lifter", "usage"]


def test_the_lifters_candidate_does_not_inflate_what_usage_finds(tmp_path: Path) -> None:
    site = _site(tmp_path, "def shout(text):\n    return text.upper()\n", "shout", "text")
    evidence = parameter_type_evidence(site.ir, site.hole, site.fn, "text")
    best = max(merge(evidence), key=lambda c: c.confidence)
    own = max(e.weight for e in evidence if e.value == best.value and e.tag != "lifter")
    families = {e.tag for e in evidence if e.value == best.value and e.tag != "lifter"}
    assert best.value == "str" and (len(families) > 1 or best.confidence == round(own, 3))
