"""The IR: a typed specification of one Python function, with typed holes.

Everything in lift-tui speaks these models. Type hints, defaults and expressions are
kept as Python source text (normalised with ``ast.unparse``), never evaluated, so the
IR can describe code that cannot be imported. A value that is not known stays ``None``
and a :class:`Hole` whose ``target`` is that field's dotted path says what is known.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

IR_SCHEMA_VERSION = 1

Confidence = Annotated[float, Field(ge=0.0, le=1.0)]


class _Model(BaseModel):
    """Strict base: unknown keys are an error, so malformed IR JSON is caught at the boundary."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Source(StrEnum):
    """Where an element came from."""

    human = "human"
    reverse = "reverse"
    forward = "forward"
    model = "model"
    solver = "solver"


class Location(_Model):
    """A span in a source file; lines are 1-based and inclusive."""

    path: str | None = None
    line: int | None = None
    end_line: int | None = None


class Provenance(_Model):
    """How much to trust an element and where it was found."""

    source: Source = Source.reverse
    confidence: Confidence = 1.0
    location: Location | None = None
    detail: str | None = None


class Intent(_Model):
    """What the function is for, in words."""

    summary: str | None = None
    rationale: str | None = None
    success_criteria: list[str] = Field(default_factory=list)
    domain_concepts: list[str] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=Provenance)


class ParameterKind(StrEnum):
    """The five kinds of ``inspect.Parameter``, in their required order."""

    positional_only = "positional_only"
    positional_or_keyword = "positional_or_keyword"
    var_positional = "var_positional"
    keyword_only = "keyword_only"
    var_keyword = "var_keyword"


class Parameter(_Model):
    name: str
    type_hint: str | None = None
    default: str | None = None
    kind: ParameterKind = ParameterKind.positional_or_keyword
    description: str | None = None
    provenance: Provenance = Field(default_factory=Provenance)


class Signature(_Model):
    name: str
    parameters: list[Parameter] = Field(default_factory=list)
    returns: str | None = None
    returns_description: str | None = None
    raises: list[str] = Field(default_factory=list)
    is_async: bool = False
    decorators: list[str] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=Provenance)

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)


class AssertionCategory(StrEnum):
    precondition = "precondition"
    postcondition = "postcondition"
    invariant = "invariant"


class Assertion(_Model):
    """A Python boolean expression over the parameters (and ``result`` for postconditions)."""

    category: AssertionCategory
    expression: str
    message: str | None = None
    raises: str | None = None
    provenance: Provenance = Field(default_factory=Provenance)


class EffectKind(StrEnum):
    io = "io"
    filesystem = "filesystem"
    network = "network"
    state = "state"
    time = "time"
    random = "random"
    process = "process"


class Effect(_Model):
    kind: EffectKind
    target: str
    description: str = ""
    provenance: Provenance = Field(default_factory=Provenance)


class Example(_Model):
    """``call`` is a Python call expression; ``expected`` the repr-like source of its result."""

    call: str
    expected: str
    provenance: Provenance = Field(default_factory=Provenance)


class HoleKind(StrEnum):
    """What sort of value fills the hole; decides how candidates are generated and checked."""

    type = "type"
    precondition = "precondition"
    postcondition = "postcondition"
    expression = "expression"
    value = "value"
    text = "text"


class HoleStatus(StrEnum):
    open = "open"
    resolved = "resolved"
    skipped = "skipped"


class Resolution(_Model):
    value: str
    source: Source = Source.human
    note: str | None = None


class Hole(_Model):
    """An explicit unknown. ``target`` is the dotted path of the field it stands for.

    Paths index lists by element name where elements have one, e.g.
    ``signature.parameters.numbers.type_hint``, ``signature.returns``, ``intent.summary``,
    ``assertions.precondition.2`` (a slot for a new assertion).
    """

    identifier: str
    kind: HoleKind
    target: str
    type_hint: str
    description: str = ""
    constraints: list[str] = Field(default_factory=list)
    dependencies: list[str] = Field(default_factory=list)
    candidates: list[str] = Field(default_factory=list)
    status: HoleStatus = HoleStatus.open
    resolution: Resolution | None = None
    provenance: Provenance = Field(default_factory=Provenance)

    @property
    def reference(self) -> str:
        return f"?{self.identifier}"


class Origin(StrEnum):
    forward = "forward"
    reverse = "reverse"


class Metadata(_Model):
    origin: Origin = Origin.reverse
    source_path: str | None = None
    qualname: str | None = None
    lines: tuple[int, int] | None = None
    prompt: str | None = None


class IR(_Model):
    """One function's specification."""

    schema_version: int = IR_SCHEMA_VERSION
    intent: Intent = Field(default_factory=Intent)
    signature: Signature
    assertions: list[Assertion] = Field(default_factory=list)
    effects: list[Effect] = Field(default_factory=list)
    examples: list[Example] = Field(default_factory=list)
    holes: list[Hole] = Field(default_factory=list)
    metadata: Metadata = Field(default_factory=Metadata)

    @property
    def preconditions(self) -> list[Assertion]:
        return [a for a in self.assertions if a.category is AssertionCategory.precondition]

    @property
    def postconditions(self) -> list[Assertion]:
        return [a for a in self.assertions if a.category is AssertionCategory.postcondition]

    def open_holes(self) -> list[Hole]:
        return [h for h in self.holes if h.status is HoleStatus.open]

    def hole(self, identifier: str) -> Hole | None:
        identifier = identifier.removeprefix("?")
        return next((h for h in self.holes if h.identifier == identifier), None)

    def to_json(self, indent: int | None = 2) -> str:
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, text: str | bytes) -> IR:
        return cls.model_validate_json(text)
