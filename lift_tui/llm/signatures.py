"""The DSPy signatures of the design, typed with the bounded models of :mod:`.outputs`.

Each has one output field whose type is a Pydantic model, so ``JSONAdapter`` turns it into one
JSON Schema and the engine decodes under it. Docstrings are the task instructions the model
sees; keep them short — a 135M model reads every token of them on every call.
"""

from __future__ import annotations

from .dspy_setup import import_dspy
from .outputs import (
    CodeOut,
    ConstraintsOut,
    DependentConstraintsOut,
    HoleSuggestionOut,
    IntentOut,
    SignatureOut,
)

dspy = import_dspy()


class NLToIntent(dspy.Signature):
    """Summarise what the requested Python function must do, with up to three success criteria."""

    request: str = dspy.InputField(desc="what the user asked for, in their words")
    intent: IntentOut = dspy.OutputField()


class IntentToSignature(dspy.Signature):
    """Propose a Python function signature: a snake_case name, typed parameters, and a return type."""

    intent: str = dspy.InputField(desc="what the function must do")
    function: SignatureOut = dspy.OutputField()


class ConstraintExtraction(dspy.Signature):
    """List preconditions on the parameters as Python boolean expressions over the parameter names."""

    intent: str = dspy.InputField(desc="what the function must do")
    def_line: str = dspy.InputField(desc="the function's def line, e.g. def f(x: int) -> bool:")
    constraints: ConstraintsOut = dspy.OutputField()


class CodeToIntent(dspy.Signature):
    """Read a Python function and summarise what it is for, with up to three success criteria."""

    code: str = dspy.InputField(desc="the source of one Python function")
    intent: IntentOut = dspy.OutputField()


class CodeToConstraints(dspy.Signature):
    """Read a Python function and list the preconditions it assumes, as Python boolean expressions."""

    code: str = dspy.InputField(desc="the source of one Python function")
    constraints: ConstraintsOut = dspy.OutputField()


class HoleSuggestion(dspy.Signature):
    """Propose ranked candidate values for a typed hole in a function specification."""

    specification: str = dspy.InputField(desc="the function specification so far")
    hole: str = dspy.InputField(desc="the hole's name, type and description")
    suggestions: HoleSuggestionOut = dspy.OutputField()


class InferDependentConstraints(dspy.Signature):
    """A hole was resolved; state the constraints this implies for the holes that depend on it."""

    resolved: str = dspy.InputField(desc="the resolved hole and its value")
    dependents: str = dspy.InputField(desc="the dependent holes with their types")
    implied: DependentConstraintsOut = dspy.OutputField()


class IRToCode(dspy.Signature):
    """Write the body of the Python function so that it meets the specification."""

    specification: str = dspy.InputField(desc="intent, preconditions and examples")
    def_line: str = dspy.InputField(desc="the function's def line, e.g. def f(x: int) -> bool:")
    code: CodeOut = dspy.OutputField()


SIGNATURES: dict[str, type] = {
    "nl_to_intent": NLToIntent,
    "intent_to_signature": IntentToSignature,
    "constraint_extraction": ConstraintExtraction,
    "code_to_intent": CodeToIntent,
    "code_to_constraints": CodeToConstraints,
    "hole_suggestion": HoleSuggestion,
    "infer_dependent_constraints": InferDependentConstraints,
    "ir_to_code": IRToCode,
}
