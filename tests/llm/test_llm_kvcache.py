"""The growing KV layer keeps DynamicLayer's contract: same keys and values after every operation."""

from __future__ import annotations

import copy

import torch
from transformers.cache_utils import DynamicLayer

from lift_tui.llm.kvcache import INITIAL_ROOM, GrowingLayer


def _step(rows: int, length: int, generator: torch.Generator) -> tuple[torch.Tensor, torch.Tensor]:
    return (torch.randn(rows, 3, length, 8, generator=generator),
            torch.randn(rows, 3, length, 8, generator=generator))


def _same(a: DynamicLayer, b: GrowingLayer) -> None:
    assert b.get_seq_length() == a.get_seq_length()
    assert torch.equal(a.keys, b.keys) and torch.equal(a.values, b.values)


def test_a_growing_layer_matches_dynamic_layer_through_prefill_repeat_steps_select_and_crop() -> None:
    generator = torch.Generator().manual_seed(1)
    reference, growing = DynamicLayer(), GrowingLayer()
    assert growing.get_seq_length() == 0
    prompt = _step(1, 5, generator)
    for layer in (reference, growing):
        layer.update(*prompt)
    _same(reference, growing)
    copied = copy.deepcopy(growing)  # a shard's own copy is independent of the original
    for layer in (reference, growing):
        layer.batch_repeat_interleave(4)
    _same(reference, growing)
    for index in range(2 * INITIAL_ROOM + 3):  # past the first room and a doubling
        new = _step(4 if index < 10 else 2, 1, generator)
        if index == 10:
            for layer in (reference, growing):
                layer.batch_select_indices(torch.tensor([0, 3]))
        keys, values = growing.update(*new)
        reference.update(*new)
        assert torch.equal(keys, reference.keys) and torch.equal(values, reference.values)
    _same(reference, growing)
    for layer in (reference, growing):
        layer.crop(-7)
    _same(reference, growing)
    assert copied.get_seq_length() == 5 and copied.keys.shape[0] == 1
