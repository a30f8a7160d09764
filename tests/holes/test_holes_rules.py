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
