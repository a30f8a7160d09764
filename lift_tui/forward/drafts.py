"""Drafts: what the model writes for a prompt, before any of it is checked.

Two kinds, both sampled under a constraint: whole functions (``def NAME(`` forced when the
name is known — the format a small model writes best unprompted, and where its own parameter
list says how many parameters it thinks the function takes), and bodies under the IR's exact
``def`` line (after a few retrieved idioms as worked examples, under a grammar over the
parameters). With an engine that samples, each kind is one batched call of ``n`` samples;
without, each is greedy, and bodies vary by the idioms they are shown instead.
"""

from __future__ import annotations

import ast
from collections import Counter
from typing import Any

from lift_tui.ir import IR

from . import skeleton
from .grammar import body_grammar, first_function, function_grammar, normalise_body
from .idioms import retrieve
from .model_calls import Engine, can_sample, sample_bodies, sample_functions
from .prompt_facts import find_facts

SHOTS = 3
GREEDY_BODIES = 3
"""Bodies made without a sampling engine: one greedy call per idiom set."""


def request_text(ir: IR) -> str:
    """The user's own words (a prompt's own docstring when it gives the def line), safe in a docstring."""
    prompt = (ir.metadata.prompt or ir.intent.summary or "").strip()
    facts = find_facts(prompt) if "def " in prompt else None
    text = facts.docstring if facts is not None and facts.docstring else prompt
    return text.replace('"""', "'''")


def _unique(texts: list[str]) -> list[str]:
    return list(dict.fromkeys(t for t in texts if t.strip()))


def _greedy_then_sampled(make: Any, n: int, temperature: float, engine: Engine) -> list[str]:
    """The greedy answer (what the model writes unprompted) first, then ``n - 1`` samples: one batch
    whose row 0 is greedy when the engine samples (one prefill, one decode), else the greedy one."""
    sampled = n > 1 and temperature > 0 and can_sample(engine)
    try:
        return list(make(n, temperature, 1) if sampled else make(1, 0.0, 0))
    except Exception:  # noqa: BLE001 - a call cut off at the limit: no drafts of this kind
        return []


def function_drafts(
    engine: Engine, prompt: str, name: str | None, n: int, temperature: float, ir: IR | None = None
) -> list[str]:
    """Whole functions for ``prompt``, distinct, greedy first: ``def name(`` forced when the name is
    known; with an ``ir``, its parameter names too (unannotated, as the model writes them
    unprompted: forcing the IR's annotations changes what it writes under them), or its whole def
    line when a parameter is not a plain positional one."""
    if ir is None:
        grammar = function_grammar(name)
    elif all(p.kind == "positional_or_keyword" and not p.default for p in ir.signature.parameters):
        grammar = function_grammar(name, params=[p.name for p in ir.signature.parameters])
    else:
        grammar = function_grammar(name, header=skeleton.signature_source(ir.signature))
    def make(k: int, t: float, g: int) -> list[str]:
        return sample_functions(engine, prompt.strip(), grammar, k, t, greedy_rows=g)

    return _unique(_greedy_then_sampled(make, n, temperature, engine))


def body_drafts(engine: Engine, ir: IR, n: int, temperature: float) -> list[str]:
    """Bodies under the IR's def line, normalised to top-level lines, distinct."""
    def_line = skeleton.signature_source(ir.signature)
    header = f'{def_line}\n    """{request_text(ir)}"""'
    grammar = body_grammar([p.name for p in ir.signature.parameters])
    sets = 1 if can_sample(engine) else GREEDY_BODIES
    ranked = retrieve(ir.metadata.prompt or ir.intent.summary or "", header, k=SHOTS + sets - 1)
    texts: list[str] = []
    for index in range(sets):
        shots = list(reversed(ranked[index : index + SHOTS]))
        def make(k: int, t: float, g: int, shots: list[Any] = shots) -> list[str]:
            return sample_bodies(engine, request_text(ir), def_line, shots, grammar, k, t, greedy_rows=g)

        texts += _greedy_then_sampled(make, n, temperature, engine)
    return _unique([normalise_body(t) for t in texts])


def signature_from_drafts(drafts: list[str], name: str | None) -> dict[str, Any]:
    """The signature the model's own functions show: the most common arity, and the names and
    annotations of the first draft with it (``{}`` when none parses)."""
    parsed: list[ast.FunctionDef] = []
    for text in drafts:
        try:
            parsed.append(first_function(text, name))
        except SyntaxError:
            continue
    if not parsed:
        return {}
    arity = Counter(len(f.args.args) for f in parsed).most_common(1)[0][0]
    first = next(f for f in parsed if len(f.args.args) == arity)
    names = Counter(f.name for f in parsed)
    return {
        "name": name or names.most_common(1)[0][0],
        "parameters": [
            {"name": a.arg, "type_hint": ast.unparse(a.annotation) if a.annotation else None}
            for a in first.args.args
        ],
        "returns": ast.unparse(first.returns) if first.returns else None,
        "arity_votes": dict(Counter(len(f.args.args) for f in parsed)),
    }
