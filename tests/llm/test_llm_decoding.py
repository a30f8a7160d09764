"""The decode step's arithmetic against its textbook form (no model needed)."""

from __future__ import annotations

import torch

from lift_tui.llm.decoding import NUCLEUS_K, choose, nucleus


def _reference(probs: torch.Tensor, top_p: float) -> torch.Tensor:
    """Nucleus filtering by a full sort, as a dense (rows, vocab) distribution."""
    ordered, order = torch.sort(probs, descending=True, dim=-1)
    keep = torch.cumsum(ordered, dim=-1) - ordered < top_p
    keep[:, 0] = True
    ordered = torch.where(keep, ordered, torch.zeros_like(ordered))
    dense = torch.zeros_like(probs).scatter_(-1, order, ordered)
    return dense / dense.sum(dim=-1, keepdim=True)


def _dense(weights: torch.Tensor, ids: torch.Tensor, vocab: int) -> torch.Tensor:
    return torch.zeros(weights.shape[0], vocab, dtype=weights.dtype).scatter_(-1, ids, weights)


def test_the_nucleus_matches_a_full_sort_for_peaked_and_flat_rows() -> None:
    generator = torch.Generator().manual_seed(0)
    vocab = 4 * NUCLEUS_K
    peaked = torch.randn(1, vocab, generator=generator) * 6
    flat = torch.zeros(1, vocab)  # every token equally likely: the nucleus is most of the vocabulary
    probs = torch.softmax(torch.cat([peaked, flat]), dim=-1)
    for top_p in (0.5, 0.95):
        weights, ids = nucleus(probs, top_p)
        assert torch.allclose(_dense(weights, ids, vocab), _reference(probs, top_p), atol=1e-6)
    weights, ids = nucleus(probs, 1.0)
    assert torch.allclose(_dense(weights, ids, vocab), probs)


def test_greedy_rows_take_the_best_token_and_masked_tokens_are_never_drawn() -> None:
    logits = torch.full((3, 50), float("-inf"))
    logits[:, 7] = 2.0
    logits[:, 9] = 1.5
    generators = [torch.Generator().manual_seed(i) for i in range(3)]
    rows = [0, 1, 2]
    draws = {tuple(choose(logits.clone(), rows, generators, 1.0, 0.99, greedy_rows=1)) for _ in range(40)}
    assert all(d[0] == 7 for d in draws)
    assert {t for d in draws for t in d[1:]} == {7, 9}
    assert choose(logits, [0, 1, 2], generators, 0.0, 0.95) == [7, 7, 7]
