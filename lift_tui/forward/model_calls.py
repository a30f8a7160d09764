"""The forward pipeline's questions to the model, each asked through its DSPy signature.

``NLToIntent``, ``IntentToSignature`` and ``ConstraintExtraction`` run as ``dspy.Predict``
programs (:func:`lift_tui.llm.programs.build_program`) under :class:`CompactJSONAdapter`: their
closed output models (:mod:`lift_tui.llm.outputs`) become the JSON Schema the engine decodes
under, and each call carries its own token limit, so short answers stay short. ``IRToCode``
runs under :class:`GrammarAdapter`: the body grammar (or the forced ``def NAME(`` grammar for
the free-form candidate) travels with the call and the answer is raw code. The LM is the
embedded engine, set per call with ``dspy.context`` (the TUI calls from worker threads, so
nothing is configured globally). Answers are cached twice: DSPy's disk cache (under
``Settings.cache_dir/dspy``) and the engine's in-memory cache.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from lift_tui.llm.engine import Engine

from .grammar import unfenced
from .idioms import Idiom

INTENT_TOKENS = 80
SIGNATURE_TOKENS = 90
CONSTRAINT_TOKENS = 70
BODY_TOKENS = 48
FUNCTION_TOKENS = 160

__all__ = [
    "Engine", "ask_constraints", "ask_types", "ask_intent", "ask_signature", "body_request", "can_sample",
    "sample_bodies",
    "sample_functions", "write_body", "write_function",
]


def _predict(engine: Engine, name: str, adapter: Any, config: dict[str, Any], demos: Any = None,
             **inputs: str) -> Any:
    """Run program ``name`` on the embedded LM with ``adapter``; ``demos`` replaces its demos if given."""
    from lift_tui.llm.dspy_setup import import_dspy
    from lift_tui.llm.lm import lm_for
    from lift_tui.llm.programs import build_program

    dspy = import_dspy()
    program = build_program(name)
    if demos is not None:
        program.demos = list(demos)
    with dspy.context(lm=lm_for(engine), adapter=adapter):
        return program(**inputs, config=config)


def _json_adapter() -> Any:
    from lift_tui.llm.adapter import CompactJSONAdapter

    return CompactJSONAdapter()


def ask_intent(engine: Engine, prompt: str) -> dict[str, Any]:
    found = _predict(engine, "nl_to_intent", _json_adapter(), {"max_tokens": INTENT_TOKENS}, request=prompt)
    return found.intent.model_dump(mode="json")


def ask_signature(engine: Engine, prompt: str, hint: str = "") -> dict[str, Any]:
    found = _predict(
        engine, "intent_to_signature", _json_adapter(), {"max_tokens": SIGNATURE_TOKENS}, intent=prompt,
        known=hint,
    )
    return found.function.model_dump(mode="json")


TYPES_TOKENS = 60


def ask_types(engine: Engine, prompt: str, def_line: str, names: list[str]) -> dict[str, Any]:
    """The types of exactly these parameters and of the result, through ParameterTypes.

    The answer's schema has one field per parameter (``parameter_types_model``), so the
    parameter count cannot drift whatever the model does.
    """
    from lift_tui.llm.dspy_setup import import_dspy
    from lift_tui.llm.lm import lm_for
    from lift_tui.llm.outputs import parameter_types_model
    from lift_tui.llm.programs import build_program

    dspy = import_dspy()
    program = build_program("parameter_types")
    model = parameter_types_model(names)
    program.signature = program.signature.with_updated_fields("types", type_=model)
    with dspy.context(lm=lm_for(engine), adapter=_json_adapter()):
        found = program(intent=prompt, def_line=def_line, config={"max_tokens": TYPES_TOKENS})
    data = found.types.model_dump(mode="json")
    return {"parameters": list(data["parameters"]), "returns": data.get("returns")}


def ask_constraints(engine: Engine, prompt: str, header: str) -> dict[str, Any]:
    found = _predict(
        engine, "constraint_extraction", _json_adapter(), {"max_tokens": CONSTRAINT_TOKENS}, intent=prompt,
        def_line=header,
    )
    return found.constraints.model_dump(mode="json")


def body_request(values: dict[str, Any]) -> str:
    """IRToCode's user message for a body: the exact ``def`` line with the request as its docstring."""
    return f'Write the body.\n{values["def_line"]}\n    """{values["specification"]}"""'


def function_request(values: dict[str, Any]) -> str:
    """IRToCode's user message for a whole function: the format the model writes best unprompted."""
    return f"Write a Python function. {values['specification']}"


def write_body(
    engine: Engine, specification: str, def_line: str, idioms: Sequence[Idiom], grammar: str,
    max_tokens: int = BODY_TOKENS,
) -> str:
    """A body under ``grammar`` after the idioms as worked examples (IRToCode's demos)."""
    from lift_tui.llm.adapter import GrammarAdapter, grammar_config
    from lift_tui.llm.dspy_setup import import_dspy

    dspy = import_dspy()
    demos = [dspy.Example(specification=i.doc, def_line=i.header, code=i.body) for i in idioms]
    found = _predict(
        engine, "ir_to_code", GrammarAdapter(render=body_request), grammar_config(grammar, max_tokens),
        demos=demos, specification=specification, def_line=def_line,
    )
    return str(found.code)


def write_function(
    engine: Engine, specification: str, grammar: str, max_tokens: int = FUNCTION_TOKENS
) -> str:
    """A whole function under ``grammar`` (which forces its ``def NAME(``), with no examples."""
    from lift_tui.llm.adapter import GrammarAdapter, grammar_config

    found = _predict(
        engine, "ir_to_code", GrammarAdapter(render=function_request, system=False),
        grammar_config(grammar, max_tokens), demos=[], specification=specification, def_line="",
    )
    return unfenced(str(found.code))


def can_sample(engine: Engine) -> bool:
    """Whether the engine decodes n samples under one constraint in one batched pass."""
    return callable(getattr(engine, "sample", None))


def _sampling(n: int, temperature: float) -> dict[str, Any]:
    config: dict[str, Any] = {"temperature": temperature} if temperature > 0 else {}
    return config | ({"n": n} if n > 1 else {})


def _texts(found: Any, n: int) -> list[str]:
    """Every completion's ``code`` (DSPy keeps n completions on the prediction)."""
    completions = getattr(found, "completions", None)
    codes = list(getattr(completions, "code", None) or []) if completions is not None else []
    return [str(c) for c in codes[:n]] or [str(found.code)]


def sample_functions(
    engine: Engine, specification: str, grammar: str, n: int, temperature: float,
    max_tokens: int = FUNCTION_TOKENS, greedy_rows: int = 0,
) -> list[str]:
    """``n`` whole functions sampled under ``grammar`` in one call (one greedy one without sampling)."""
    from lift_tui.llm.adapter import GrammarAdapter, grammar_config

    n, temperature = (n, temperature) if can_sample(engine) else (1, 0.0)
    found = _predict(
        engine, "ir_to_code", GrammarAdapter(render=function_request, system=False),
        grammar_config(grammar, max_tokens, greedy_rows) | _sampling(n, temperature), demos=[],
        specification=specification, def_line="",
    )
    return [unfenced(text) for text in _texts(found, n)]


def sample_bodies(
    engine: Engine, specification: str, def_line: str, idioms: Sequence[Idiom], grammar: str, n: int,
    temperature: float, max_tokens: int = BODY_TOKENS, greedy_rows: int = 0,
) -> list[str]:
    """``n`` bodies under ``grammar`` after the idioms as worked examples, in one call."""
    from lift_tui.llm.adapter import GrammarAdapter, grammar_config
    from lift_tui.llm.dspy_setup import import_dspy

    dspy = import_dspy()
    n, temperature = (n, temperature) if can_sample(engine) else (1, 0.0)
    demos = [dspy.Example(specification=i.doc, def_line=i.header, code=i.body) for i in idioms]
    found = _predict(
        engine, "ir_to_code", GrammarAdapter(render=body_request),
        grammar_config(grammar, max_tokens, greedy_rows) | _sampling(n, temperature), demos=demos,
        specification=specification, def_line=def_line,
    )
    return _texts(found, n)
