"""The body grammar accepts idiomatic one-line bodies and refuses imports and shadowed builtins.

Uses the converted model's tokenizer (the cache the engine writes when it first loads).
"""

from __future__ import annotations

import pytest

from lift_tui.forward.grammar import body_grammar


@pytest.fixture(scope="module")
def accepts(model_engine):
    from lift_tui.settings import get_settings

    folders = sorted((get_settings().cache_dir / "models").glob("*/tokenizer.json"))
    assert folders, "loading the engine writes the converted cache with its tokenizer"
    import llguidance
    import llguidance.hf
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(folders[0].parent)
    lltok = llguidance.hf.from_tokenizer(tokenizer)
    grammar = llguidance.grammar_from("lark", body_grammar(["nums", "text"]))

    def check(body: str) -> bool:
        matcher = llguidance.LLMatcher(lltok, grammar)
        ids = tokenizer.encode(body, add_special_tokens=False)
        return matcher.try_consume_tokens(ids) == len(ids) and matcher.is_accepting()

    return check


@pytest.mark.model
@pytest.mark.parametrize("body", [
    "return sum(x for x in nums if x % 2 == 0)\n",
    "acc = 1\nfor x in nums: acc *= x\nreturn acc\n",
    "return ' '.join(text.split()[::-1])\n",
    "return max(nums, key=abs)\n",
    "a, b = 0, 1\nfor i in range(n): a, b = b, a + b\nreturn a\n",
])
def test_idiomatic_bodies_are_accepted(accepts, body: str) -> None:
    assert accepts(body)


@pytest.mark.model
@pytest.mark.parametrize("body", [
    "import os\nreturn 1\n",
    "return len([c for c in str if c])\n",
    "return os.getcwd()\n",
    "return nums\nreturn nums\n",
])
def test_imports_unknown_names_and_bare_builtins_are_refused(accepts, body: str) -> None:
    assert not accepts(body)
