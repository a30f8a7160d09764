"""The forward benchmark's corpora: splits by hash, every item checkable, the data itself right."""

from __future__ import annotations

import ast
import collections
import json

import pytest

from lift_tui.bench import forward_corpus as corpus
from lift_tui.bench.forward_corpus import OWN_STYLES, PLACEHOLDER, load_own, split_of
from lift_tui.forward.validation import run_calls


@pytest.fixture(scope="module")
def own() -> list[corpus.Item]:
    return load_own()


def test_split_is_a_fixed_hash_of_the_key() -> None:
    assert split_of("HumanEval/0") == split_of("HumanEval/0")
    keys = [f"item-{i}" for i in range(400)]
    held = sum(split_of(k) == "heldout" for k in keys)
    assert 150 < held < 250  # a hash, not a constant
    assert {split_of(k) for k in keys} == {"dev", "heldout"}


def test_own_corpus_has_five_styles_each_with_twelve_items_per_split(own: list[corpus.Item]) -> None:
    assert len(own) >= 120
    counts = collections.Counter((i.style, i.split) for i in own)
    for style in OWN_STYLES:
        for split in corpus.SPLITS:
            assert counts[(style, split)] >= 12, (style, split)
    assert set(i.style for i in own) == set(OWN_STYLES)


def test_own_items_lie_in_the_split_their_id_hashes_to_and_nowhere_else(own: list[corpus.Item]) -> None:
    ids = collections.Counter(i.id for i in own)
    assert max(ids.values()) == 1  # disjoint: no id in two files
    for item in own:
        assert item.split == split_of(item.id), item.id
    dev_prompts = {i.prompt for i in own if i.split == "dev"}
    assert not dev_prompts & {i.prompt for i in own if i.split == "heldout"}


def test_own_items_state_their_call_style_consistently(own: list[corpus.Item]) -> None:
    for item in own:
        assert item.tests, item.id
        for call, expected in item.tests:
            ast.parse(call.replace(PLACEHOLDER, "f"), mode="eval")
            ast.parse(expected, mode="eval")
        if item.call_style == "any_name":
            assert all(c.startswith(PLACEHOLDER) for c, _ in item.tests), item.id
            assert item.facts.name is None and item.style in {"prose", "terse"}
        else:
            name = item.facts.name
            assert name and all(c.startswith(name + "(") for c, _ in item.tests), item.id
            assert item.facts.expected_arity is not None


def test_every_reference_solution_passes_its_own_tests(own: list[corpus.Item]) -> None:
    """One sandbox run for all items: each solution renamed apart, calls aimed at it."""
    modules, calls = [], []
    for index, item in enumerate(own):
        tree = ast.parse(item.extra["solution"])
        old = tree.body[-1].name
        new = f"solution_{index}"
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name == old:
                node.name = new
            elif isinstance(node, ast.Name) and node.id == old:
                node.id = new
        modules.append(ast.unparse(tree))
        head = PLACEHOLDER if item.call_style == "any_name" else old
        calls += [(new + c.removeprefix(head), e) for c, e in item.tests]
    outcomes = run_calls("\n\n".join(modules), calls, timeout_s=60)
    failed = [(c, got) for (c, _), (ok, got) in zip(calls, outcomes, strict=True) if not ok]
    assert not failed


def test_a_file_in_the_wrong_folder_is_refused(tmp_path) -> None:  # noqa: ANN001
    (tmp_path / "dev").mkdir()
    doc = {"about": "", "corpus": "own", "style": "terse", "split": "heldout", "items": []}
    (tmp_path / "dev" / "terse.json").write_text(json.dumps(doc))
    with pytest.raises(ValueError, match="lies under dev"):
        load_own(tmp_path, ("dev",))


def test_humaneval_gives_two_styles_per_problem_split_by_task_id() -> None:
    from lift_tui.bench.forward_humaneval import load_humaneval

    items = load_humaneval()
    docstring = [i for i in items if i.style == "docstring"]
    prose = [i for i in items if i.style == "prose"]
    assert len(docstring) == 164 and len(prose) >= 150
    by_task = {i.id: i for i in docstring}
    for item in prose:
        task = item.id.removesuffix("#prose")
        assert item.split == by_task[task].split == split_of(task)
        assert ">>>" not in item.prompt
        assert item.prompt.endswith(f"The function is called {item.facts.name} and takes "
                                    f"({', '.join(item.facts.params or ())}).")
    counts = collections.Counter((i.style, i.split) for i in items)
    assert min(counts.values()) >= 60

