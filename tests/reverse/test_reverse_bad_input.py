"""Every kind of bad input gives functions or a clear error entry, and the run goes on."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from lift_tui.reverse import LiftErrorKind, iter_lift_path, lift_file, lift_path, lift_source

GOOD = "def ok(x: int) -> int:\n    '''Fine.'''\n    return x\n"


def _kinds(report) -> list[str]:  # type: ignore[no-untyped-def]
    return [e.kind.value for e in report.errors]


def test_syntax_error_has_line_and_column() -> None:
    report = lift_source("def f(:\n    pass\n", "bad.py")
    assert report.functions == []
    (error,) = report.errors
    assert (error.kind, error.line, error.path) == (LiftErrorKind.syntax, 1, "bad.py")
    assert error.column is not None
    assert error.one_line().startswith("bad.py:1:")


def test_non_utf8_bytes() -> None:
    report = lift_source(b"def f():\n    return '\xff\xfe'\n", "latin.py")
    (error,) = report.errors
    assert error.kind is LiftErrorKind.encoding
    assert (error.line, error.column) == (2, 13)
    assert "utf-8" in error.message


def test_coding_cookie_is_honoured() -> None:
    source = "# -*- coding: latin-1 -*-\ndef f():\n    '''Caf\xe9.'''\n".encode("latin-1")
    report = lift_source(source, "cookie.py")
    assert report.errors == []
    assert report.functions[0].intent.summary == "Café."


def test_unknown_coding_cookie() -> None:
    report = lift_source(b"# coding: no-such-codec\ndef f(): pass\n", "odd.py")
    assert _kinds(report) == ["encoding"]


def test_nul_bytes_and_binary(tmp_path: Path) -> None:
    assert _kinds(lift_source(b"def f():\x00 pass\n", "nul.py")) == ["binary"]
    assert _kinds(lift_source("def f():\x00 pass\n", "nul.py")) == ["binary"]
    binary = tmp_path / "image.py"
    binary.write_bytes(bytes(range(256)) * 4)
    report = lift_file(binary)
    assert _kinds(report) == ["binary"]
    assert "NUL byte at offset 0" in report.errors[0].message


def test_empty_and_comment_only_files() -> None:
    assert lift_source("", "empty.py").model_dump() == {"path": "empty.py", "functions": [], "errors": []}
    assert lift_source(b"\xef\xbb\xbf# only a comment\n", "bom.py").errors == []


def test_fifty_thousand_lines() -> None:
    source = "".join(f"def f{i}(x):\n    return x + {i}\n\n" for i in range(16_667))
    assert source.count("\n") >= 50_000
    report = lift_source(source, "big.py")
    assert report.errors == []
    assert len(report.functions) == 16_667
    assert report.functions[-1].metadata.qualname == "f16666"


@pytest.mark.parametrize(
    ("source", "kind"),
    [
        ("x = " + "(" * 300 + "1" + ")" * 300, "syntax"),  # too many nested parentheses
        (
            "def f(x):\n" + "".join("    " * (i + 1) + "if x:\n" for i in range(120)) + " " * 500 + "pass\n",
            "syntax",
        ),
        ("y = " + "not " * 100_000 + "x", "recursion"),  # parser stack overflow
        ("def f(x=" + "+".join(["1"] * 5000) + "):\n    return x\n", "recursion"),
    ],
)
def test_absurd_nesting(source: str, kind: str) -> None:
    report = lift_source(source + "\n" + GOOD, "deep.py")
    assert _kinds(report) == [kind]


def test_one_function_too_deep_to_lift_does_not_lose_the_others() -> None:
    source = GOOD + "def deep(x=" + "+".join(["1"] * 900) + "):\n    return x\n" + GOOD.replace("ok", "ok2")
    report = lift_source(source, "mixed.py")
    assert [f.metadata.qualname for f in report.functions] == ["ok", "ok2"]
    assert _kinds(report) == ["recursion"]
    assert report.errors[0].message.startswith("deep:")


def test_deeply_nested_definitions() -> None:
    source = "".join("    " * i + f"def f{i}():\n" for i in range(95)) + "    " * 95 + "pass\n"
    report = lift_source(source, "nested.py")
    assert report.errors == []
    assert len(report.functions) == 95
    assert report.functions[-1].metadata.qualname.count("<locals>") == 94


def test_too_large_file_is_not_read(tmp_path: Path) -> None:
    big = tmp_path / "big.py"
    big.write_text(GOOD * 100)
    report = lift_file(big, max_bytes=1000)
    assert _kinds(report) == ["too_large"]
    assert "max_file_bytes" in report.errors[0].message


def test_tree_with_every_bad_file_keeps_going(tmp_path: Path) -> None:
    (tmp_path / "a_good.py").write_text(GOOD)
    (tmp_path / "b_syntax.py").write_text("def (:\n")
    (tmp_path / "c_binary.py").write_bytes(b"\x00\x01\x02")
    (tmp_path / "d_latin.py").write_bytes(b"x = '\xe9'\n")
    (tmp_path / "e_empty.py").write_text("")
    (tmp_path / "notes.txt").write_text("not python")
    os.mkfifo(tmp_path / "f_fifo.py")
    (tmp_path / "g_dangling.py").symlink_to(tmp_path / "missing.py")
    (tmp_path / "h_self.py").symlink_to(tmp_path / "h_self.py")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "z_good.py").write_text(GOOD)
    (sub / "loop").symlink_to(tmp_path)  # a directory symlink loop
    for skipped in (".hidden", "__pycache__", ".venv"):
        (tmp_path / skipped).mkdir()
        (tmp_path / skipped / "skip.py").write_text(GOOD)
    report = lift_path(tmp_path)
    summary = [
        (Path(f.path).relative_to(tmp_path).as_posix(), len(f.functions), _kinds(f)) for f in report.files
    ]
    assert summary == [
        ("a_good.py", 1, []),
        ("b_syntax.py", 0, ["syntax"]),
        ("c_binary.py", 0, ["binary"]),
        ("d_latin.py", 0, ["encoding"]),
        ("e_empty.py", 0, []),
        ("f_fifo.py", 0, ["unreadable"]),
        ("g_dangling.py", 0, ["unreadable"]),
        ("h_self.py", 0, ["symlink_loop"]),
        ("sub/loop", 0, ["symlink_loop"]),
        ("sub/z_good.py", 1, []),
    ]


def test_thousands_of_files_stream(tmp_path: Path) -> None:
    for index in range(2000):
        folder = tmp_path / f"pkg{index // 100:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"m{index:04d}.py").write_text(f"def f{index}(x: int) -> int:\n    return x\n")
    stream = iter_lift_path(tmp_path)
    first = next(stream)
    assert first.path.endswith("pkg00/m0000.py")
    rest = list(stream)
    assert len(rest) == 1999
    assert all(len(r.functions) == 1 and not r.errors for r in rest)
    assert rest[-1].path.endswith("pkg19/m1999.py")


def test_a_single_file_path_and_a_directory_named_like_a_file(tmp_path: Path) -> None:
    good = tmp_path / "one.txt"
    good.write_text(GOOD)
    assert len(lift_path(good).files[0].functions) == 1  # an explicit file is lifted whatever its suffix
    odd = tmp_path / "pkg.py"
    odd.mkdir()
    (odd / "inner.py").write_text(GOOD)
    assert [Path(f.path).name for f in lift_path(tmp_path).files] == ["inner.py"]
