"""One decode step's arithmetic for a few rows on a CPU: the logits, the grammar mask, the token.

At 1–4 rows a step is bound by reading weights and by per-call overheads, not by FLOPs, and
three of the obvious calls were the slow part of a step (measured 2026-12-04, torch 2.13, one
thread, SmolLM2-135M's 49152×576 head):

- ``F.linear(h, W)`` (what the model's ``lm_head`` runs) took 34 ms for 2 rows; the same product
  as ``W @ h.T`` took 17 ms (MKL picks a better kernel for a tall matrix times a thin one).
- A nucleus filter that sorts the whole vocabulary took 13 ms for 2 rows, 27 for 4; the
  nucleus is almost always inside the top 1024 tokens, whose ``topk`` took 1.6 ms.
- llguidance's ``apply_token_bitmask_inplace`` is wrapped in ``torch.compile`` (~20 s to
  compile on first use here), so the mask is applied eagerly.
"""

from __future__ import annotations

from typing import Any

NUCLEUS_K = 1024
"""Tokens looked at for the nucleus before falling back to a full sort."""


class LogitsHead:
    """The last position's logits, ``W @ h.T`` over the base model's hidden state.

    Used only when the model's head is a plain linear map and this route gives the model's own
    logits on a probe input; otherwise every step calls the whole model (soft-capped or scaled
    heads, models without a separate base model)."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.base = self._base(model)
        head = model.get_output_embeddings()
        self.weight = getattr(head, "weight", None)
        self.bias = getattr(head, "bias", None)
        self.fast = self.base is not None and self.weight is not None and self._agrees()

    @staticmethod
    def _base(model: Any) -> Any:
        config = getattr(model, "config", None)
        if any(getattr(config, name, None) for name in ("final_logit_softcapping", "logit_scale")):
            return None
        prefix = getattr(model, "base_model_prefix", "")
        base = getattr(model, prefix, None) if prefix else None
        return base if base is not None and base is not model else None

    def _agrees(self) -> bool:
        import torch

        probe = torch.tensor([[1, 2, 3]], device=self.weight.device)
        with torch.inference_mode():
            want = self.model(input_ids=probe, logits_to_keep=1).logits[:, -1, :].float()
            got = self._head(self.base(input_ids=probe).last_hidden_state[:, -1, :])
        return bool(torch.allclose(want, got, rtol=1e-3, atol=1e-3))

    def _head(self, hidden: Any) -> Any:
        import torch

        logits = torch.mm(self.weight, hidden.t()).t()
        if self.bias is not None:
            logits = logits + self.bias
        return logits.float()

    def __call__(self, ids: Any, cache: Any) -> Any:
        """(rows, vocab) float logits of the last position; ``cache`` is extended in place."""
        if not self.fast:
            out = self.model(input_ids=ids, past_key_values=cache, use_cache=True, logits_to_keep=1)
            return out.logits[:, -1, :].float()
        out = self.base(input_ids=ids, past_key_values=cache, use_cache=True)
        return self._head(out.last_hidden_state[:, -1, :])


_SHIFTS: dict[str, Any] = {}


def apply_mask(logits: Any, bitmask: Any) -> None:
    """Set every token the row's mask forbids to -inf (bit ``t % 32`` of word ``t // 32``), in place."""
    import torch

    shifts = _SHIFTS.setdefault("cpu", torch.arange(32, dtype=torch.int32))
    rows = bitmask.shape[0]
    allowed = ((bitmask.unsqueeze(-1) >> shifts) & 1).bool().view(rows, -1)
    vocab = logits.shape[1]
    allowed = allowed[:, :vocab].to(logits.device)
    if allowed.shape[1] < vocab:
        logits[:, allowed.shape[1]:] = float("-inf")
        logits = logits[:, : allowed.shape[1]]
    logits.masked_fill_(~allowed, float("-inf"))


def nucleus(probs: Any, top_p: float) -> tuple[Any, Any]:
    """The smallest set of most likely tokens whose mass reaches ``top_p``, per row, renormalised:
    ``(weights, token ids)``, both (rows, k), zero weight outside a row's nucleus."""
    import torch

    if top_p >= 1.0:
        return probs, torch.arange(probs.shape[-1], device=probs.device).expand(probs.shape[0], -1)
    ordered, order = torch.topk(probs, min(NUCLEUS_K, probs.shape[-1]), dim=-1)
    if bool((ordered.sum(dim=-1) < top_p).any()):  # a flat row: its nucleus is wider than the top k
        ordered, order = torch.sort(probs, descending=True, dim=-1)
    keep = torch.cumsum(ordered, dim=-1) - ordered < top_p
    keep[:, 0] = True
    ordered = torch.where(keep, ordered, torch.zeros_like(ordered))
    return ordered / ordered.sum(dim=-1, keepdim=True), order


def choose(
    logits: Any, active: list[int], generators: list[Any], temperature: float, top_p: float,
    greedy_rows: int = 0,
) -> list[int]:
    """The next token of each running row: the most likely one for rows ``< greedy_rows`` (or at
    temperature 0), else a draw from the row's own generator over its nucleus."""
    import torch

    best = [int(t) for t in torch.argmax(logits, dim=-1).tolist()]
    if temperature <= 0 or all(row < greedy_rows for row in active):
        return best
    weights, ids = nucleus(torch.softmax(logits / temperature, dim=-1), top_p)
    return [
        best[p] if row < greedy_rows
        else int(ids[p, torch.multinomial(weights[p], 1, generator=generators[row])].item())
        for p, row in enumerate(active)
    ]
