"""Write-back with libcst on real files: only the resolved element changes, then the file re-lifts."""

from __future__ import annotations

from pathlib import Path

import pytest

from lift_tui.holes import HoleError, apply_resolution, write_back
from lift_tui.ir import IR, Hole, HoleKind


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    import difflib

    return [
        (line[0], line[1:])
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_parameter_annotation_is_written_and_the_hole_disappears(
    sample_path: Path, lifted: dict[str, IR]
) -> None:
    before = sample_path.read_text()
    ir = apply_resolution(lifted["greet"], "name_type", "str")
    result = write_back(sample_path, ir, "name_type")
    after = sample_path.read_text()
    assert result.changed
    assert _changed_lines(before, after) == [
        ("-", "def greet(name, loud=False):"),
        ("+", "def greet(name: str, loud=False):"),
    ]
    assert "# build the greeting" in after
    assert result.ir is not None and result.ir.signature.parameter("name").type_hint == "str"
    assert result.ir.hole("name_type") is None


def test_return_annotation_and_summary(sample_path: Path, lifted: dict[str, IR]) -> None:
    ir = apply_resolution(lifted["greet"], "return_type", "str")
    write_back(sample_path, ir, "return_type")
    ir = apply_resolution(lifted["greet"], "summary", 'Say "hello" to someone.')
    result = write_back(sample_path, ir, "summary")
    text = sample_path.read_text()
    assert 'def greet(name, loud=False) -> str:\n    """Say "hello" to someone."""\n    # build' in text
    assert result.ir.intent.summary == 'Say "hello" to someone.'
    assert result.ir.signature.returns == "str"


def test_precondition_becomes_a_runtime_check(sample_path: Path, lifted: dict[str, IR]) -> None:
    ir = lifted["mean"].model_copy(deep=True)
    ir.holes.append(
        Hole(
            identifier="pre_scale",
            kind=HoleKind.precondition,
            target="assertions.precondition.1",
            type_hint="bool expr over (scale)",
        )
    )
    ir = apply_resolution(ir, "pre_scale", "scale > 0")
    result = write_back(sample_path, ir, "pre_scale")
    text = sample_path.read_text()
    assert (
        '    """\n    if not (scale > 0):\n        raise ValueError("precondition failed: scale > 0")\n'
        in text
    )
    assert "scale > 0" in [a.expression for a in result.ir.preconditions]
    namespace: dict = {}
    exec(compile(text, str(sample_path), "exec"), namespace)
    with pytest.raises(ValueError, match="precondition failed"):
        namespace["mean"]([1.0], scale=-1)


def test_method_and_one_line_body(sample_path: Path, lifted: dict[str, IR]) -> None:
    ir = apply_resolution(lifted["Box.one"], "return_type", "int")
    result = write_back(sample_path, ir, "return_type")
    assert "    def one(self) -> int: return 1\n" in sample_path.read_text()
    assert result.ir.signature.returns == "int"


def test_unresolved_hole_missing_function_and_broken_file(sample_path: Path, lifted: dict[str, IR]) -> None:
    with pytest.raises(HoleError, match="not resolved"):
        write_back(sample_path, lifted["greet"], "name_type")
    ir = apply_resolution(lifted["greet"], "name_type", "str")
    sample_path.write_text("def other():\n    pass\n")
    with pytest.raises(HoleError, match="no longer in"):
        write_back(sample_path, ir, "name_type")
    sample_path.write_text("def greet(name:\n")
    with pytest.raises(HoleError, match="does not parse"):
        write_back(sample_path, ir, "name_type")
    assert sample_path.read_text() == "def greet(name:\n"  # nothing lost
    with pytest.raises(HoleError, match="cannot read"):
        write_back(sample_path.with_name("missing.py"), ir, "name_type")


def test_encoding_and_crlf_are_preserved(tmp_path: Path) -> None:
    from lift_tui.reverse import lift_file

    path = tmp_path / "latin.py"
    source = "# -*- coding: latin-1 -*-\r\ndef f(x):\r\n    return 'caf\xe9' + x\r\n"
    path.write_bytes(source.encode("latin-1"))
    ir = lift_file(path).functions[0]
    ir = apply_resolution(ir, "x_type", "str")
    write_back(path, ir, "x_type")
    assert path.read_bytes() == source.replace("def f(x)", "def f(x: str)").encode("latin-1")


def test_parameter_description_becomes_an_args_section_in_a_method(tmp_path: Path) -> None:
    from lift_tui.reverse import lift_file

    path = tmp_path / "m.py"
    path.write_text(
        'class C:\n    def f(self, x):\n        """Do f.\n\n        More.\n        """\n        return x\n'
    )
    ir = next(f for f in lift_file(path).functions if f.metadata.qualname == "C.f")
    ir.holes.append(
        Hole(
            identifier="x_doc",
            kind=HoleKind.text,
            target="signature.parameters.x.description",
            type_hint="str",
        )
    )
    ir = apply_resolution(ir, "x_doc", "the value to return")
    result = write_back(path, ir, "x_doc")
    assert path.read_text() == (
        'class C:\n    def f(self, x):\n        """Do f.\n\n        More.\n\n'
        '        Args:\n            x: the value to return\n        """\n        return x\n'
    )
    assert result.ir.signature.parameter("x").description == "the value to return"
