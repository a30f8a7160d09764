"""The Lark -> GBNF translation, checked against the original grammar by real parsers, no model.

Each translated grammar is read back by llguidance's own GBNF reader (``gbnf_to_lark``'s parser)
and written out again as a character-level Lark grammar (every rule a rule, every literal one
lexeme per character), which llguidance's Earley parser then runs like llama.cpp does: without
a lexer. Both grammars are fed the same texts byte by byte: what the Lark grammar accepts the
GBNF one must accept, and what it refuses must be refused.
"""

from __future__ import annotations

import json

import llguidance
import pytest
from llguidance import gbnf_to_lark as reader

from lift_tui.forward.grammar import FENCE, body_grammar, function_grammar
from lift_tui.llm.gbnf import GrammarTranslationError, lark_to_gbnf, regex_to_gbnf
from lift_tui.llm.grammars import bool_expr_grammar


class _Bytes:
    """A byte-level vocabulary (256 tokens and an end token), so a text's tokens are its bytes."""

    eos_token_id = 256
    bos_token_id = None
    tokens = [bytes([i]) for i in range(256)] + [b"<eos>"]
    special_token_ids = [256]

    def __call__(self, text: str | bytes) -> list[int]:
        return list(text if isinstance(text, bytes) else text.encode())


TOKENIZER = llguidance.LLTokenizer(llguidance.TokenizerWrapper(_Bytes()), slices=[])


def accepts(lark: str, text: str) -> bool:
    matcher = llguidance.LLMatcher(TOKENIZER, lark, log_level=0)
    assert not matcher.is_error(), matcher.get_error()
    return matcher.consume_tokens(list(text.encode())) and not matcher.is_error() and matcher.is_accepting()


def _emit(node: object) -> str:
    if isinstance(node, reader.LiteralNode):
        value = json.loads('"' + node.value + '"') if node.value else ""
        return " ".join(json.dumps(c) for c in value) or '""'
    if isinstance(node, reader.RegexNode):
        return str(node)
    if isinstance(node, reader.RuleRefNode):
        return "r_" + node.name.replace("-", "_").lower()
    if isinstance(node, reader.RepetitionNode):
        high = "" if node.max_times is None else node.max_times
        return f"({_emit(node.node)}){{{node.min_times},{high}}}"
    if isinstance(node, reader.SequenceNode):
        return " ".join(f"({_emit(n)})" for n in node.nodes) or '""'
    if isinstance(node, reader.AlternativeNode):
        return " | ".join(f"({_emit(n)})" for n in node.alternatives)
    raise TypeError(node)


def character_lark(gbnf: str) -> str:
    """``gbnf`` as a lexer-free Lark grammar (see the module docstring)."""
    rules = reader.GrammarParser().parse(gbnf)
    lines = ["start: r_root"]
    for name, rule in rules.items():
        lines.append(f"r_{name.replace('-', '_').lower()}: {_emit(rule.alternatives)}")
    return "\n".join(lines) + "\n"


def same_language(lark: str, texts: list[str]) -> dict[str, tuple[bool, bool]]:
    back = character_lark(lark_to_gbnf(lark))
    return {text: (accepts(lark, text), accepts(back, text)) for text in texts}


def test_the_body_grammar_keeps_its_language_and_its_ignored_spaces() -> None:
    texts = [
        "return s\n",
        "return  s\n",
        "n = len(s)\nreturn n + 1\n",
        "for x in xs: acc += x\nreturn acc\n",
        "return [c for c in s if c.isdigit()]\n",
        "return 'a b'\n",
        "return foo\n",  # not a known name
        "import os\nreturn s\n",
        "n = 1\nn = 1\nn = 1\nn = 1\nn = 1\nn = 1\nreturn n\n",  # six lines: one too many
    ]
    for text, (lark, gbnf) in same_language(body_grammar(["s", "xs"]), texts).items():
        assert lark == gbnf, text
    results = same_language(body_grammar(["s", "xs"]), texts)
    assert results["return s\n"] == (True, True) and results["return foo\n"] == (False, False)


@pytest.mark.parametrize("grammar", [
    function_grammar("count_words"),
    function_grammar(None),
    function_grammar("f", header="def f(a, b):"),
    function_grammar("f", params=["a", "b"]),
])
def test_function_grammars_keep_their_language(grammar: str) -> None:
    texts = [FENCE + text for text in (
        "def count_words(text):\n    return len(text.split())\n",
        "def f(a, b):\n    return a + b\n```",
        "def f(a, b: int) -> int:\n    return a + b\n",
        "def f(a, b, c):\n    return a + b\n",
        "def f(a, b):\n  return a\n",  # two-space indent is refused
        "def Bad(x):\n    return x\n",
    )] + ["def f(a, b):\n    return a + b\n"]  # the opening fence is required
    results = same_language(grammar, texts)
    assert all(lark == gbnf for lark, gbnf in results.values()), results
    assert any(lark for lark, _ in results.values())


def test_the_expression_grammar_keeps_its_language() -> None:
    names = {"email": "str", "n": "int"}
    texts = ['"@" in email', "n > 0 and len(email) <= 254", "email.isdigit()", "n >= 1.5", "x > 0",
             "n>0", "not n == 3"]
    results = same_language(bool_expr_grammar(names), texts)
    assert all(lark == gbnf for lark, gbnf in results.values()), results
    assert results['"@" in email'] == (True, True) and results["x > 0"] == (False, False)


def test_gbnf_names_and_literals_follow_llama_cpp_rules() -> None:
    gbnf = lark_to_gbnf(bool_expr_grammar({"s": "str"}))
    assert gbnf.startswith("root ::= ")
    rule_names = [line.split(" ::= ")[0] for line in gbnf.splitlines()]
    assert all("_" not in name for name in rule_names)  # llama.cpp names are [a-zA-Z0-9-]
    assert regex_to_gbnf(r"[^'\\\n]{0,30}") == "[^'\\\\\\n]{0,30}"
    assert regex_to_gbnf(r"[a-z_-]\.x|\d+") == '([a-z_\\-] "." "x" | [0-9]+)'


def test_what_cannot_be_translated_is_refused_not_guessed() -> None:
    with pytest.raises(GrammarTranslationError, match="anchors"):
        lark_to_gbnf('start: /^a/\n')
    with pytest.raises(GrammarTranslationError, match="no start rule"):
        lark_to_gbnf('other: "a"\n')
    with pytest.raises(GrammarTranslationError, match="undefined names"):
        lark_to_gbnf("start: missing\n")
    with pytest.raises(GrammarTranslationError, match="directive"):
        lark_to_gbnf('%import common.WS\nstart: "a"\n')


def _llama_cpp_parses(gbnf: str) -> bool:
    """llama.cpp's own grammar parser (no model needed: the vocabulary is only for ``<token>`` syntax)."""
    import llama_cpp

    sampler = llama_cpp.llama_sampler_init_grammar(None, gbnf.encode(), b"root")
    if sampler:
        llama_cpp.llama_sampler_free(sampler)
    return bool(sampler)


def test_llama_cpp_parses_every_translated_project_grammar() -> None:
    grammars = [body_grammar(["s", "xs", "n_items"]), function_grammar("count_words"), function_grammar(None),
                function_grammar("f", header='def f(a: str, b: int = 2) -> "str":'),
                bool_expr_grammar({"email": "str", "n": "int", "rows": "list[int]", "x": None})]
    for grammar in grammars:
        assert _llama_cpp_parses(lark_to_gbnf(grammar)), grammar
    assert not _llama_cpp_parses('root ::= "a\\."\n')  # the check can fail


def test_every_output_schema_becomes_a_grammar_llama_cpp_parses() -> None:
    """The server turns a schema into GBNF with llama-cpp-python's converter; raw, the signature
    schemas' type patterns break it (``(?:`` refused, ``\\.`` an unknown escape that kills the
    server). ``server_schema`` rewrites the patterns; the language stays the same."""
    import json
    import re

    from llama_cpp.llama_grammar import json_schema_to_gbnf
    from pydantic import BaseModel

    from lift_tui.llm import outputs
    from lift_tui.llm.schemas import bounded_schema
    from lift_tui.llm.served import server_pattern, server_schema

    models = [m for m in vars(outputs).values()
              if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == outputs.__name__]
    models.append(outputs.parameter_types_model(["text", "limit"]))
    assert len(models) >= 8
    for model in models:
        gbnf = json_schema_to_gbnf(json.dumps(server_schema(bounded_schema(model.model_json_schema()))))
        assert _llama_cpp_parses(gbnf), model.__name__
    pattern = r"(?:collections\.abc\.Set|int)(?:\[|, ?| \| )?[a-z_\]]*"
    for text in ["collections.abc.Set", "int[", "int, x", "int | y_]", "collectionsXabc.Set"]:
        assert bool(re.fullmatch(pattern, text)) == bool(re.fullmatch(server_pattern(pattern), text)), text


def test_a_choice_of_words_becomes_a_prefix_tree_with_the_same_words() -> None:
    words = ["i", "in", "is", "item", "count", "cur", "c", "split", "splitlines", "x"]
    lark = "start: WORD\nWORD: " + " | ".join(f'"{w}"' for w in words) + "\n"
    gbnf = lark_to_gbnf(lark)
    assert 'WORD ::= "i" (' in gbnf  # factored, not ten flat alternatives
    for text in [*words, "it", "spl", "counts", "", "cc"]:
        assert accepts(character_lark(gbnf), text) == (text in words), text
