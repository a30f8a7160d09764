"""The DSPy signatures on the real embedded model: every prediction is schema-valid."""

from __future__ import annotations

from pathlib import Path

import pytest

from lift_tui.llm.engine import Engine

SAMPLE_CODE = '''def clamp(value: int, low: int, high: int) -> int:
    """Limit value to the range [low, high]."""
    if low > high:
        raise ValueError("low > high")
    return max(low, min(value, high))
'''

INPUTS: dict[str, dict[str, str]] = {
    "nl_to_intent": {"request": "a function that validates email addresses"},
    "intent_to_signature": {"intent": "count the vowels in a string", "known": ""},
    "parameter_types": {"intent": "average of a list of numbers", "def_line": "def average(values)"},
    "constraint_extraction": {"intent": "average of a list of numbers",
                              "def_line": "def average(values: list[float]) -> float:"},
    "code_to_intent": {"code": SAMPLE_CODE},
    "code_to_constraints": {"code": SAMPLE_CODE},
    "hole_suggestion": {"specification": "def area(width: float, height: float) -> ?return_type",
                        "hole": "?return_type: type, the type area returns"},
    "infer_dependent_constraints": {"resolved": "?unit = 'cm'",
                                    "dependents": "?max_width: int, the largest allowed width"},
    "ir_to_code": {"specification": "Return the larger of a and b.",
                   "def_line": "def larger(a: int, b: int) -> int:"},
}


@pytest.mark.model
def test_every_signature_returns_schema_valid_output(model_engine: Engine) -> None:
    from lift_tui.llm.dspy_setup import import_dspy
    from lift_tui.llm.lm import embedded_lm
    from lift_tui.llm.programs import PROGRAM_NAMES, build_program
    from lift_tui.llm.signatures import SIGNATURES

    dspy = import_dspy()
    assert set(INPUTS) == set(PROGRAM_NAMES)
    from lift_tui.llm.adapter import CompactJSONAdapter

    lm = embedded_lm(model_engine, cache=False)
    with dspy.context(lm=lm, adapter=CompactJSONAdapter()):
        for name, inputs in INPUTS.items():
            prediction = build_program(name)(**inputs)
            (field, info), = SIGNATURES[name].output_fields.items()
            value = getattr(prediction, field)
            assert isinstance(value, info.annotation), name
            if info.annotation is str:  # ir_to_code without a grammar: JSON {"code": "..."}
                assert value.strip(), name
            else:
                info.annotation.model_validate(value.model_dump())


def test_programs_save_and_load(tmp_path: Path) -> None:
    from lift_tui.llm.programs import ProgramFileError, build_program, load_program, save_program

    program = build_program("nl_to_intent")
    program.signature = program.signature.with_instructions("Summarise the request in one sentence.")
    path = tmp_path / "programs" / "nl_to_intent.json"
    save_program(program, path)
    loaded = load_program("nl_to_intent", path)
    assert loaded.signature.instructions == "Summarise the request in one sentence."
    (tmp_path / "bad.json").write_text("{not json")
    with pytest.raises(ProgramFileError, match="not JSON"):
        load_program("nl_to_intent", tmp_path / "bad.json")
    with pytest.raises(ProgramFileError, match="cannot read"):
        load_program("nl_to_intent", tmp_path / "missing.json")
    with pytest.raises(ValueError, match="unknown program"):
        build_program("nope")


def test_served_model_is_a_setting_away(tmp_path: Path) -> None:
    """No server is contacted and nothing local loads: the LM is built over a ServedEngine with the
    settings' address and key (tests/served runs it against a real server)."""
    from lift_tui.llm.lm import build_lm
    from lift_tui.llm.served import ServedEngine
    from lift_tui.settings import ModelSettings, Settings

    settings = Settings(
        cache_dir=tmp_path,
        model=ModelSettings(
            path=None, served_model="openai/Qwen2.5-Coder-7B-Instruct", api_base="http://127.0.0.1:9/v1",
            api_key="local",
        ),
    )
    lm = build_lm(settings, load=False)
    served = lm.engine.engine
    assert isinstance(served, ServedEngine) and not served.is_loaded
    assert (served.api_base, served.model_name) == ("http://127.0.0.1:9/v1", "Qwen2.5-Coder-7B-Instruct")
    assert lm.model == "local/served/Qwen2.5-Coder-7B-Instruct"
