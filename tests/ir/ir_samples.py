"""IR builders and Hypothesis strategies shared by the IR tests."""

from __future__ import annotations

import string

from hypothesis import strategies as st

from lift_tui.ir import (
    IR,
    Assertion,
    AssertionCategory,
    Effect,
    EffectKind,
    Example,
    Hole,
    HoleKind,
    HoleStatus,
    Intent,
    Location,
    Metadata,
    Origin,
    Parameter,
    ParameterKind,
    Provenance,
    Resolution,
    Signature,
    Source,
)


def provenance(source: str = "reverse", confidence: float = 0.8) -> Provenance:
    return Provenance(
        source=Source(source),
        confidence=confidence,
        location=Location(path="src/mathx.py", line=3, end_line=9),
        detail="from a guard",
    )


def full_ir() -> IR:
    """Every field populated, with the five parameter kinds, holes and provenance everywhere."""
    return IR(
        intent=Intent(
            summary="Clamp a value into the closed range [lo, hi].",
            rationale="Callers need bounds.",
            success_criteria=["result is within bounds"],
            domain_concepts=["range", "clamping"],
            provenance=provenance("model", 0.6),
        ),
        signature=Signature(
            name="clamp",
            parameters=[
                Parameter(
                    name="x",
                    type_hint="int",
                    kind=ParameterKind.positional_only,
                    description="The value.",
                    provenance=provenance(),
                ),
                Parameter(name="lo", type_hint="int", default="0", description="Lower bound."),
                Parameter(name="hi", type_hint="int", default="100"),
                Parameter(name="rest", type_hint="int", kind=ParameterKind.var_positional),
                Parameter(name="strict", type_hint="bool", default="False", kind=ParameterKind.keyword_only),
                Parameter(name="options", kind=ParameterKind.var_keyword),
            ],
            returns="int",
            returns_description="The clamped value.",
            raises=["TypeError"],
            decorators=["functools.cache"],
            provenance=provenance("human", 1.0),
        ),
        assertions=[
            Assertion(
                category=AssertionCategory.precondition,
                expression="lo <= hi",
                message="lo must not exceed hi",
                provenance=provenance(),
            ),
            Assertion(category=AssertionCategory.precondition, expression="x != 13", raises="KeyError"),
            Assertion(category=AssertionCategory.postcondition, expression="lo <= result <= hi"),
            Assertion(category=AssertionCategory.invariant, expression="True"),
        ],
        effects=[Effect(kind=EffectKind.io, target="stdout", description="logs clamping")],
        examples=[Example(call="clamp(5, 0, 3)", expected="3"), Example(call="clamp(-1)", expected="0")],
        holes=[
            Hole(
                identifier="unit",
                kind=HoleKind.text,
                target="intent.rationale",
                type_hint="str",
                description="unit of x",
                constraints=["non-empty"],
                dependencies=["bound_type"],
                candidates=["metres"],
                status=HoleStatus.resolved,
                resolution=Resolution(value="metres", source=Source.human, note="asked"),
                provenance=provenance("model", 0.3),
            ),
            Hole(
                identifier="bound_type",
                kind=HoleKind.type,
                target="signature.parameters.hi.type_hint",
                type_hint="type",
            ),
        ],
        metadata=Metadata(
            origin=Origin.reverse,
            source_path="src/mathx.py",
            qualname="clamp",
            lines=(3, 9),
            prompt="clamp a value",
        ),
    )


def simple_ir(**changes: object) -> IR:
    base = IR(
        intent=Intent(summary="Add two numbers."),
        signature=Signature(
            name="add",
            parameters=[Parameter(name="a", type_hint="int"), Parameter(name="b", type_hint="int")],
            returns="int",
        ),
        assertions=[Assertion(category=AssertionCategory.precondition, expression="a >= 0")],
        examples=[Example(call="add(1, 2)", expected="3")],
        metadata=Metadata(qualname="add"),
    )
    return base.model_copy(update=changes, deep=True)


# ---- Hypothesis strategies (bounded) ----------------------------------------------------------

_text = st.text(max_size=12)
_opt_text = st.none() | _text
_ident = st.text(string.ascii_lowercase + "_", min_size=1, max_size=8)
_confidence = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)

provenances = st.builds(
    Provenance,
    source=st.sampled_from(Source),
    confidence=_confidence,
    location=st.none()
    | st.builds(
        Location,
        path=_opt_text,
        line=st.none() | st.integers(1, 10_000),
        end_line=st.none() | st.integers(1, 10_000),
    ),
    detail=_opt_text,
)
parameters = st.builds(
    Parameter,
    name=_ident,
    type_hint=_opt_text,
    default=_opt_text,
    kind=st.sampled_from(ParameterKind),
    description=_opt_text,
    provenance=provenances,
)
irs = st.builds(
    IR,
    intent=st.builds(
        Intent,
        summary=_opt_text,
        rationale=_opt_text,
        success_criteria=st.lists(_text, max_size=3),
        domain_concepts=st.lists(_text, max_size=3),
        provenance=provenances,
    ),
    signature=st.builds(
        Signature,
        name=_ident,
        parameters=st.lists(parameters, max_size=4),
        returns=_opt_text,
        returns_description=_opt_text,
        raises=st.lists(_ident, max_size=2),
        is_async=st.booleans(),
        decorators=st.lists(_text, max_size=2),
        provenance=provenances,
    ),
    assertions=st.lists(
        st.builds(
            Assertion,
            category=st.sampled_from(AssertionCategory),
            expression=_text,
            message=_opt_text,
            raises=_opt_text,
            provenance=provenances,
        ),
        max_size=3,
    ),
    effects=st.lists(
        st.builds(
            Effect, kind=st.sampled_from(EffectKind), target=_text, description=_text, provenance=provenances
        ),
        max_size=2,
    ),
    examples=st.lists(st.builds(Example, call=_text, expected=_text, provenance=provenances), max_size=2),
    holes=st.lists(
        st.builds(
            Hole,
            identifier=_ident,
            kind=st.sampled_from(HoleKind),
            target=_text,
            type_hint=_text,
            description=_text,
            constraints=st.lists(_text, max_size=2),
            dependencies=st.lists(_ident, max_size=2),
            candidates=st.lists(_text, max_size=2),
            status=st.sampled_from(HoleStatus),
            resolution=st.none()
            | st.builds(Resolution, value=_text, source=st.sampled_from(Source), note=_opt_text),
            provenance=provenances,
        ),
        max_size=2,
    ),
    metadata=st.builds(
        Metadata,
        origin=st.sampled_from(Origin),
        source_path=_opt_text,
        qualname=_opt_text,
        lines=st.none() | st.tuples(st.integers(1, 999), st.integers(1, 999)),
        prompt=_opt_text,
    ),
)
