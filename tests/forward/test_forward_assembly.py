"""Node-level tests without the model: prompt facts, merge, hole detection, skeleton, grammar."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from lift_tui.forward import detect, skeleton
from lift_tui.forward.grammar import body_grammar, normalise_body
from lift_tui.forward.idioms import IDIOMS, retrieve
from lift_tui.forward.prompt_facts import find_examples, type_of_value
from lift_tui.forward.steps import ModelAnswer, merge_to_ir
from lift_tui.ir import IR, HoleKind, Source

DATA = Path(__file__).resolve().parents[1] / "data" / "forward" / "prompts.json"
PROMPT = "Count how many times a character occurs in a string: count_char('banana', 'a') == 3."


def test_prompt_examples_are_read_with_their_literals() -> None:
    found = find_examples("is_even(4) returns True and is_even(7) == False; mean([1, 2.5]) -> 1.75.")
    assert [(e.call, e.expected) for e in found] == [
        ("is_even(4)", "True"), ("is_even(7)", "False"), ("mean([1, 2.5])", "1.75")
    ]
    assert type_of_value([1, 2.5]) == "list[float]" and type_of_value(True) == "bool"
    assert find_examples("no calls here, just f(x) without a result") == []


def test_every_benchmark_prompt_states_its_function() -> None:
    items = json.loads(DATA.read_text())["prompts"]
    assert len(items) == 20
    for item in items:
        assert find_examples(item["prompt"])[0].name == item["id"]
        for call, expected in item["tests"]:
            ast.parse(call, mode="eval")
            ast.literal_eval(expected)


def test_merge_prefers_prompt_facts_and_rejects_bad_model_output() -> None:
    answers = [
        ModelAnswer(kind="signature", data={"name": "wrong", "parameters": [
            {"name": "s", "type_hint": "int"}, {"name": "s", "type_hint": "str"}], "returns": "str"}),
        ModelAnswer(kind="constraints", data={"preconditions": [
            "len(arg1) == 1", "len(s) > 10", "import os", "unknown(s)"]}),
    ]
    ir, rejected = merge_to_ir(PROMPT, ModelAnswer(kind="intent", data={"summary": "Count a char."}), answers)
    sig = ir.signature
    assert sig.name == "count_char" and sig.returns == "int"
    assert [p.type_hint for p in sig.parameters] == ["str", "str"]
    assert len({p.name for p in sig.parameters}) == 2  # duplicate model name replaced
    assert [a.expression for a in ir.preconditions] == [f"len({sig.parameters[1].name}) == 1"]
    reasons = {r.value: r.reason for r in rejected}
    assert "violates" in reasons["len(s) > 10"]  # 'banana' has 6 characters
    assert "not a Python expression" in reasons["import os"]
    assert "unknown" in reasons["unknown(s)"]
    assert ir.examples[0].provenance.source is Source.human
    IR.model_validate_json(ir.to_json())


def test_rejected_and_missing_values_become_typed_holes() -> None:
    ir, rejected = merge_to_ir("a function that does something useful", ModelAnswer(kind="intent"), [
        ModelAnswer(kind="signature", data={"name": "do it", "parameters": [
            {"name": "x", "type_hint": "blob"}]}),
        ModelAnswer(kind="constraints", data={"preconditions": ["x >"]}),
    ])
    holed = detect.detect_holes(ir, rejected)
    kinds = {h.identifier: h for h in holed.holes}
    assert kinds["x_type"].kind is HoleKind.type
    assert kinds["x_type"].target == "signature.parameters.x.type_hint"
    assert kinds["return_type"].dependencies == ["x_type"]
    assert kinds["summary"].kind is HoleKind.text
    assert kinds["function_name"].target == "signature.name"
    pre = next(h for h in holed.holes if h.kind is HoleKind.precondition)
    assert pre.type_hint == "bool expr over (x: ?)" and pre.dependencies == ["x_type"]
    assert holed.signature.parameters[0].type_hint is None  # a hole, not a guess


def test_unsat_core_turns_model_preconditions_into_holes() -> None:
    ir, _ = merge_to_ir("is_even(4) == True", ModelAnswer(kind="intent", data={"summary": "Even?"}), [
        ModelAnswer(kind="signature", data={"name": "is_even", "parameters": [
            {"name": "n", "type_hint": "int"}]}),
        ModelAnswer(kind="constraints", data={"preconditions": ["n > 0", "n < 100"]}),
    ])
    after = detect.holes_for_conflict(ir, ["n > 0"])
    assert [a.expression for a in after.preconditions] == ["n < 100"]
    assert after.holes[-1].candidates == ["n > 0"] and after.holes[-1].provenance.source is Source.solver


def test_skeleton_keeps_signature_docstring_and_preconditions() -> None:
    ir, _ = merge_to_ir(PROMPT, ModelAnswer(kind="intent", data={"summary": 'Say """hi"""'}), [
        ModelAnswer(kind="signature", data={"name": "x", "parameters": [
            {"name": "text", "type_hint": "str"}, {"name": "ch", "type_hint": "str"}], "returns": "int"}),
        ModelAnswer(kind="constraints", data={"preconditions": ["len(ch) == 1"]}),
    ])
    code = skeleton.render(ir, "return text.count(ch)")
    namespace: dict = {}
    exec(compile(code, "<generated>", "exec"), namespace)  # noqa: S102 - our own deterministic code
    fn = namespace["count_char"]
    assert fn("banana", "a") == 3
    with pytest.raises(ValueError, match="len\\(ch\\) == 1"):
        fn("banana", "an")
    assert skeleton.signature_source(ir.signature) == "def count_char(text: str, ch: str) -> int:"
    assert "hole" in skeleton.render(ir, None)


def test_body_grammar_compiles_and_bodies_normalise() -> None:
    import llguidance

    grammar = body_grammar(["nums", "limit"])
    assert llguidance.LLMatcher.validate_grammar(llguidance.grammar_from("lark", grammar)) == ""
    assert normalise_body("  acc = 1\n\n   for x in nums: acc *= x\n return acc\n") == (
        "acc = 1\nfor x in nums: acc *= x\nreturn acc"
    )


def test_idioms_parse_are_not_benchmark_tasks_and_are_retrieved() -> None:
    tasks = {item["id"] for item in json.loads(DATA.read_text())["prompts"]}
    for idiom in IDIOMS:
        body = "\n".join("    " + line for line in idiom.body.split("\n"))
        ast.parse(f'{idiom.header}\n    """{idiom.doc}"""\n{body}')
        assert idiom.header.split("(")[0].removeprefix("def ") not in tasks
    top = retrieve("multiply all the numbers of a list", "def prod(nums: list[int]) -> int:", k=1)
    assert top[0].header.startswith("def product(")


def test_free_function_is_mapped_onto_the_ir_parameters_by_position() -> None:
    from lift_tui.forward.grammar import function_body

    text = (
        'def count_char(s, c):\n    """Count."""\n    n = 0\n'
        "    for x in s:\n        n += x == c\n    return n\n"
    )
    body = function_body(text, "count_char", ["text", "ch"])
    assert "for x in text" in body and "x == ch" in body and '"""' not in body
    with pytest.raises(SyntaxError, match="takes"):
        function_body(text, "count_char", ["text"])
    with pytest.raises(SyntaxError, match="capture"):
        function_body("def f(a):\n    text = a\n    return text\n", "f", ["text"])


def test_bodies_that_ignore_a_parameter_are_refused() -> None:
    from lift_tui.forward.codegen import uses_every_parameter

    ir, _ = merge_to_ir(PROMPT, ModelAnswer(kind="intent"), [])
    names = [p.name for p in ir.signature.parameters]
    assert uses_every_parameter(ir, "return 3") is not None
    assert uses_every_parameter(ir, f"return {names[0]}.count({names[1]})") is None


def test_without_an_example_call_model_guesses_stay_candidates_of_holes() -> None:
    ir, rejected = merge_to_ir("a function that validates email addresses", ModelAnswer(kind="intent"), [
        ModelAnswer(kind="signature", data={"name": "is_valid_email", "parameters": [
            {"name": "email", "type_hint": "str"}], "returns": "bool"}),
    ])
    holes = {h.identifier: h for h in detect.detect_holes(ir, rejected).holes}
    assert holes["function_name"].candidates == ["is_valid_email"]
    assert holes["email_type"].candidates == ["str"]
    assert holes["return_type"].candidates == ["bool"] and holes["return_type"].dependencies == ["email_type"]


def test_a_non_empty_prompt_without_a_size_precondition_gets_a_precondition_hole() -> None:
    prompt = "Find the largest number in a non-empty list, e.g. largest([3, 9, 2]) == 9."
    nums = {"name": "nums", "type_hint": "list[int]"}
    signature = ModelAnswer(kind="signature", data={"parameters": [nums]})
    ir, rejected = merge_to_ir(prompt, ModelAnswer(kind="intent"), [signature])
    hole = {h.identifier: h for h in detect.detect_holes(ir, rejected).holes}["precondition_nums_non_empty"]
    assert hole.kind is HoleKind.precondition and hole.candidates == ["len(nums) > 0"]
    bounded = ModelAnswer(kind="constraints", data={"preconditions": ["len(nums) < 100"]})
    ir, rejected = merge_to_ir(prompt, ModelAnswer(kind="intent"), [signature, bounded])
    assert any("non_empty" in h.identifier for h in detect.detect_holes(ir, rejected).holes)
    stated = ModelAnswer(kind="constraints", data={"preconditions": ["len(nums) >= 1"]})
    ir, rejected = merge_to_ir(prompt, ModelAnswer(kind="intent"), [signature, stated])
    assert not any("non_empty" in h.identifier for h in detect.detect_holes(ir, rejected).holes)
    plain, rejected = merge_to_ir(prompt.replace("non-empty ", ""), ModelAnswer(kind="intent"), [signature])
    assert not any("non_empty" in h.identifier for h in detect.detect_holes(plain, rejected).holes)


def test_the_summary_is_the_first_sentence_that_says_what_the_function_does() -> None:
    from lift_tui.forward.steps import prompt_summary

    assert prompt_summary("Name: pairs. Argument: s (str). Return its words.") == "Return its words."
    assert prompt_summary("The function is called f and takes (x). It doubles x.") == "It doubles x."
    assert prompt_summary("double a number. Then stop.") == "double a number."
    assert prompt_summary("Name: f.") == "Name: f."  # nothing else to say


def test_a_model_precondition_undefined_on_an_empty_input_is_a_hole_not_a_check() -> None:
    """`nums[0]` held on the prompt's example but raises IndexError on `[]`: as a check it made the
    generated function raise where the prompt asked for 0."""
    from lift_tui.forward.assemble import assertions_from_output
    from lift_tui.ir import Parameter, Signature

    signature = Signature(name="spread", parameters=[Parameter(name="nums", type_hint="list[int]")],
                          returns="int")
    examples = find_examples("spread([3, 9, 1]) == 8")
    out = {"preconditions": ["nums[0]", "len(nums) >= 0", "len(nums) > 0 and nums[0] > 0"]}
    kept, rejected = assertions_from_output(out, signature, examples)
    assert [a.expression for a in kept if a.category == "precondition"] == [
        "len(nums) >= 0", "len(nums) > 0 and nums[0] > 0"]
    assert [(r.value, "undefined on nums=[]" in r.reason) for r in rejected] == [("nums[0]", True)]


@pytest.mark.parametrize("hint", ["list[int]", "dict[str, list[int]]", "str | None", "Optional[int]",
                                  "collections.abc.Iterable[str]", "Callable[[int], str]", "tuple[int, ...]"])
def test_annotations_python_can_evaluate_are_kept(hint: str) -> None:
    from lift_tui.forward.assemble import clean_type_hint

    assert clean_type_hint(hint) == hint


@pytest.mark.parametrize("hint", ["int[int]", "str.join", "[int]", "os.PathLike", "numbers"])
def test_annotations_that_fail_or_are_not_types_are_refused(hint: str) -> None:
    """``int[int]`` (a model's guess) names only builtins, but the def line would raise TypeError."""
    from lift_tui.forward.assemble import clean_type_hint

    assert clean_type_hint(hint) is None
