"""Compiling the HoleSuggestion program from this user's accepted resolutions.

The examples are split in stored order (the newest ~30% held out, at least one); the metric
is "the accepted value is among the program's first three candidates" (types compared in
canonical form, expressions after ``ast.unparse``). BootstrapFewShot compiles the program;
with at least :data:`MIPRO_MIN_EXAMPLES` training examples MIPROv2 (light) is used instead.
The metric is reported on the held-out examples before and after, and the compiled program
is saved where :func:`lift_tui.holes.model_source.load_hole_program` finds it.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .models import HoleError

MIN_EXAMPLES = 4
MIPRO_MIN_EXAMPLES = 50


class OptimizeReport(BaseModel):
    program: str
    optimizer: str
    train: int
    held_out: int
    before: float
    after: float
    path: str
    seconds: float


def _same(expected: str, got: str) -> bool:
    from lift_tui.analysis.typetext import normalize_expr, same_type

    return same_type(expected, got) or (normalize_expr(expected) or expected.strip()) == (
        normalize_expr(got) or got.strip()
    )


def metric(example: Any, prediction: Any, trace: Any = None) -> float:
    expected = example.suggestions.candidates[0].value
    try:
        values = [c.value for c in prediction.suggestions.candidates[:3]]
    except AttributeError:
        return 0.0
    return 1.0 if any(_same(expected, v) for v in values) else 0.0


def dataset(store: Any) -> list[Any]:
    """Stored accepted resolutions as DSPy examples (``specification``, ``hole`` -> ``suggestions``)."""
    from .history import PROGRAM, accepted_demo

    examples = (accepted_demo(row) for row in store.examples(program=PROGRAM))
    return [example for example in examples if example is not None]


def _score(program: Any, examples: list[Any]) -> float:
    if not examples:
        return 0.0
    total = 0.0
    for example in examples:
        try:
            total += metric(example, program(**example.inputs()))
        except Exception:  # noqa: BLE001 - a failed generation scores 0, like a wrong answer
            total += 0.0
    return round(total / len(examples), 3)


def optimize(
    store: Any, *, max_demos: int = 3, output: Path | None = None, progress: Any = None
) -> OptimizeReport:
    """Compile, measure before/after on held-out examples, save. Raises :class:`HoleError` on too few."""
    from lift_tui.llm.adapter import CompactJSONAdapter
    from lift_tui.llm.dspy_setup import import_dspy
    from lift_tui.llm.programs import build_program, save_program

    from .model_source import PROGRAM, ensure_model, program_path

    start = time.perf_counter()
    examples = dataset(store)
    if len(examples) < MIN_EXAMPLES:
        raise HoleError(
            f"need at least {MIN_EXAMPLES} accepted hole resolutions to optimize; the store has "
            f"{len(examples)} (accept suggestions in the TUI or with the holes graph first)"
        )
    held = max(1, round(len(examples) * 0.3))
    train, test = examples[:-held], examples[-held:]
    dspy = import_dspy()
    lm = ensure_model()
    say = progress or (lambda message: None)
    with dspy.context(lm=lm, adapter=CompactJSONAdapter()):
        baseline = build_program(PROGRAM)
        say(f"scoring the current program on {len(test)} held-out example(s)")
        before = _score(baseline, test)
        if len(train) >= MIPRO_MIN_EXAMPLES:
            name = "MIPROv2"
            optimizer = dspy.MIPROv2(
                metric=metric,
                auto="light",
                num_threads=1,
                max_bootstrapped_demos=max_demos,
                max_labeled_demos=max_demos,
            )
            say(f"compiling with MIPROv2 on {len(train)} example(s)")
            compiled = optimizer.compile(
                build_program(PROGRAM), trainset=train, requires_permission_to_run=False
            )
        else:
            name = "BootstrapFewShot"
            optimizer = dspy.BootstrapFewShot(
                metric=metric, max_bootstrapped_demos=max_demos, max_labeled_demos=max_demos, max_rounds=1
            )
            say(f"compiling with BootstrapFewShot on {len(train)} example(s)")
            compiled = optimizer.compile(build_program(PROGRAM), trainset=train)
        say("scoring the compiled program")
        after = _score(compiled, test)
    path = Path(output) if output else program_path()
    save_program(compiled, path)
    return OptimizeReport(
        program=PROGRAM,
        optimizer=name,
        train=len(train),
        held_out=len(test),
        before=before,
        after=after,
        path=str(path),
        seconds=round(time.perf_counter() - start, 1),
    )
