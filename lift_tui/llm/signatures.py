"""The DSPy signatures of the design, typed with the models of :mod:`.outputs`.

Each has one output field. A Pydantic-typed output becomes one JSON Schema the engine decodes
under (``CompactJSONAdapter``); IRToCode's ``str`` output is decoded under a Lark grammar the
program passes in (``GrammarAdapter``). Docstrings are the task sentence the model sees and
input prefixes its labels: keep both short — a 135M model reads every token of them on every
call. The wording of NLToIntent, IntentToSignature and ConstraintExtraction is the one forward
mode measured to work (``lift-tui bench forward``).
"""

from __future__ import annotations

from .dspy_setup import import_dspy
from .outputs import (
    ConstraintsOut,
    DependentConstraintsOut,
    HoleSuggestionOut,
    IntentOut,
    ParameterTypesOut,
    SignatureOut,
)

dspy = import_dspy()


class NLToIntent(dspy.Signature):
    """Summarise in one sentence what this Python function must do."""

    request: str = dspy.InputField(title="Request", desc="what the user asked for, in their words")
    intent: IntentOut = dspy.OutputField()


class IntentToSignature(dspy.Signature):
    """Give the Python function signature (name, parameters with types, return type) for this request."""

    intent: str = dspy.InputField(title="Request", desc="what the function must do")
    known: str = dspy.InputField(title="Known", desc="facts fixed by the request's examples, or empty")
    function: SignatureOut = dspy.OutputField()


class ParameterTypes(dspy.Signature):
    """Give the Python type of each parameter of this function and of its result."""

    intent: str = dspy.InputField(title="Request", desc="what the function must do")
    def_line: str = dspy.InputField(title="Function", desc="the def line without types")
    types: ParameterTypesOut = dspy.OutputField()
    """Retyped per call with :func:`outputs.parameter_types_model` (one field per parameter)."""


class ConstraintExtraction(dspy.Signature):
    """List at most two preconditions on the inputs of this function, each a Python boolean expression over its parameters."""  # noqa: E501

    intent: str = dspy.InputField(title="Request", desc="what the function must do")
    def_line: str = dspy.InputField(title="Function", desc="the def line, e.g. def f(x: int) -> bool")
    constraints: ConstraintsOut = dspy.OutputField()


class CodeToIntent(dspy.Signature):
    """Read this Python function and summarise in one sentence what it is for."""

    code: str = dspy.InputField(title="Code", desc="the source of one Python function")
    intent: IntentOut = dspy.OutputField()


class CodeToConstraints(dspy.Signature):
    """List at most two preconditions this Python function assumes, each a Python boolean expression."""

    code: str = dspy.InputField(title="Code", desc="the source of one Python function")
    constraints: ConstraintsOut = dspy.OutputField()


class HoleSuggestion(dspy.Signature):
    """Propose ranked candidate values for a typed hole in a function specification."""

    specification: str = dspy.InputField(title="Specification", desc="the function specification so far")
    hole: str = dspy.InputField(title="Hole", desc="the hole's name, type and description")
    suggestions: HoleSuggestionOut = dspy.OutputField()


class InferDependentConstraints(dspy.Signature):
    """A hole was resolved; state the constraints this implies for the holes that depend on it."""

    resolved: str = dspy.InputField(title="Resolved", desc="the resolved hole and its value")
    dependents: str = dspy.InputField(title="Dependents", desc="the dependent holes with their types")
    implied: DependentConstraintsOut = dspy.OutputField()


class IRToCode(dspy.Signature):
    """You write short, correct Python function bodies. Code only."""

    specification: str = dspy.InputField(title="Specification", desc="what the function must do")
    def_line: str = dspy.InputField(
        title="Function", desc="the function's def line; empty to have the whole function written"
    )
    code: str = dspy.OutputField(desc="the function body (or the whole function when def_line is empty)")


SIGNATURES: dict[str, type] = {
    "nl_to_intent": NLToIntent,
    "intent_to_signature": IntentToSignature,
    "constraint_extraction": ConstraintExtraction,
    "parameter_types": ParameterTypes,
    "code_to_intent": CodeToIntent,
    "code_to_constraints": CodeToConstraints,
    "hole_suggestion": HoleSuggestion,
    "infer_dependent_constraints": InferDependentConstraints,
    "ir_to_code": IRToCode,
}
