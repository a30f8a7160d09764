"""The Python stub: parses, has exactly the IR's signature, documents it, checks preconditions."""

from __future__ import annotations

import ast
import importlib.util
import sys
from pathlib import Path

import docstring_parser
import pytest
from hypothesis import HealthCheck, given, settings

from lift_tui.ir import IR, Parameter, ParameterKind
from lift_tui.ir.render import FORMATS, RenderError, render, render_stub

from .ast_signature import ir_signature, read_signature
from .ir_samples import full_ir, irs, simple_ir


def _load(tmp_path: Path, source: str, name: str = "stubmod"):
    path = tmp_path / f"{name}.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        sys.modules.pop(name, None)
    return module


def _check(ir: IR, stub: str) -> None:
    found = read_signature(stub, ir.signature.name)
    expected = ir_signature(ir)
    for key in ("parameters", "returns", "is_async"):
        assert found[key] == expected[key], key


def test_full_stub_has_the_exact_signature_and_markers() -> None:
    ir = full_ir()
    stub = render_stub(ir)
    _check(ir, stub)
    assert (
        "def clamp(x: int, /, lo: int = 0, hi: int = 100, *rest: int, strict: bool = False, **options)"
        in stub
    )
    assert "@functools.cache" not in stub, "decorators are left out by default"
    assert "@functools.cache" in render_stub(ir, decorators=True)


def test_bare_star_marker_and_unannotated_parameters() -> None:
    ir = simple_ir()
    ir.signature.parameters = [
        Parameter(name="a"),
        Parameter(name="b", kind=ParameterKind.keyword_only, default="None"),
    ]
    ir.signature.returns = None
    stub = render_stub(ir)
    assert "def add(a, *, b=None):" in stub
    _check(ir, stub)


def test_async_is_kept() -> None:
    ir = simple_ir()
    ir.signature.is_async = True
    stub = render_stub(ir)
    assert "async def add(" in stub
    _check(ir, stub)


def test_docstring_carries_summary_args_returns_raises_examples() -> None:
    ir = full_ir()
    doc = docstring_parser.parse(
        read_signature(render_stub(ir), "clamp")["docstring"], docstring_parser.DocstringStyle.GOOGLE
    )
    assert doc.short_description == ir.intent.summary
    assert {p.arg_name: p.description for p in doc.params} == {"x": "The value.", "lo": "Lower bound."}
    assert doc.returns.type_name == "int" and doc.returns.description == "The clamped value."
    assert {r.type_name for r in doc.raises} == {"ValueError", "KeyError", "TypeError"}
    assert ">>> clamp(5, 0, 3)\n3" in doc.examples[0].description


def test_preconditions_are_checks_that_raise(tmp_path: Path) -> None:
    module = _load(tmp_path, render_stub(full_ir(), body="return max(lo, min(x, hi))"))
    assert module.clamp(5, 0, 3) == 3
    with pytest.raises(ValueError, match="lo must not exceed hi"):
        module.clamp(1, 5, 2)
    with pytest.raises(KeyError):
        module.clamp(13)
    default_body = _load(tmp_path, render_stub(full_ir()), "stub_default")
    with pytest.raises(NotImplementedError):
        default_body.clamp(1)


def test_body_without_checks_and_doctests_pass(tmp_path: Path) -> None:
    import doctest

    ir = full_ir()
    source = render_stub(ir, body="    return max(lo, min(x, hi))\n", checks=False)
    assert "raise ValueError" not in source
    module = _load(tmp_path, source, "stub_doctest")
    assert doctest.testmod(module).failed == 0


def test_holes_are_left_unannotated_not_guessed() -> None:
    ir = simple_ir()
    ir.signature.returns = "?return_type"
    ir.signature.parameters[0].type_hint = None
    ir.assertions.append(ir.assertions[0].model_copy(update={"expression": "?precondition_2"}))
    stub = render_stub(ir)
    assert "def add(a, b: int):" in stub
    assert "?precondition_2" in stub and "# precondition (not valid Python)" in stub


def test_awkward_docstring_text_survives() -> None:
    ir = simple_ir()
    ir.intent.summary = 'Quotes """ and a backslash \\n and a trailing quote"'
    stub = render_stub(ir)
    assert read_signature(stub, "add")["docstring"].splitlines()[0] == ir.intent.summary


@pytest.mark.parametrize("field,value", [("name", "not a name"), ("returns", "int)")])
def test_invalid_signature_text_is_a_clear_error(field: str, value: str) -> None:
    ir = simple_ir()
    setattr(ir.signature, field, value)
    with pytest.raises(RenderError, match="stub for"):
        render_stub(ir)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(irs)
def test_any_ir_renders_or_fails_cleanly(ir: IR) -> None:
    """Arbitrary (mostly invalid) text never crashes a renderer and never yields broken code."""
    for fmt in FORMATS:
        try:
            out = render(ir, fmt, module="impl")
        except RenderError:
            assert fmt in {"stub", "contracts", "properties"}
            continue
        assert isinstance(out, str) and out
        if fmt in {"stub", "contracts", "properties"}:
            ast.parse(out)


def test_unknown_format_is_an_error() -> None:
    with pytest.raises(RenderError, match="choose one of"):
        render(simple_ir(), "yaml")
