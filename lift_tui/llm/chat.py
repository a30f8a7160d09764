"""Chat prompts: render messages with the model's own template, SmolLM2's when it has none.

guidance does not recognise SmolLM2's template and falls back to plain ChatML, which drops the
default system prompt the model was tuned with. Prompts are therefore rendered here, by the
tokenizer's Jinja template (exact for any configured model), and given to guidance as text;
:class:`SmolLM2ChatTemplate` is handed to guidance too, so its role blocks match.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

SMOLLM2_SYSTEM = "You are a helpful AI assistant named SmolLM, trained by Hugging Face"

# SmolLM2-Instruct's template, as shipped in its tokenizer_config.json.
SMOLLM2_JINJA = (
    "{% for message in messages %}{% if loop.first and messages[0]['role'] != 'system' %}"
    "{{ '<|im_start|>system\n" + SMOLLM2_SYSTEM + "<|im_end|>\n' }}{% endif %}"
    "{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}"
    "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}"
)

Message = dict[str, str]


def _smollm2_template_class() -> type:
    from guidance.chat import ChatTemplate

    class SmolLM2ChatTemplate(ChatTemplate):
        """ChatML with SmolLM2's default system prompt."""

        template_str = SMOLLM2_JINJA

        def get_role_start(self, role_name: str, **kwargs: Any) -> str:
            return f"<|im_start|>{role_name}\n"

        def get_role_end(self, role_name: str | None = None) -> str:
            return "<|im_end|>\n"

    return SmolLM2ChatTemplate


def guidance_chat_template(tokenizer: Any) -> Any:
    """The template to give guidance: SmolLM2's for ChatML-style tokenizers, else the tokenizer's own."""
    own = getattr(tokenizer, "chat_template", None)
    if not own or "<|im_start|>" in own:
        return _smollm2_template_class()
    return own


def validate_messages(messages: Sequence[Message]) -> list[Message]:
    """Messages are ``{"role": system|user|assistant, "content": str}``; anything else is refused early."""
    checked: list[Message] = []
    for index, message in enumerate(messages):
        role, content = message.get("role"), message.get("content")
        if role not in ("system", "user", "assistant") or not isinstance(content, str):
            raise ValueError(f"message {index} needs role system|user|assistant and string content")
        checked.append({"role": role, "content": content})
    if not checked:
        raise ValueError("at least one message is required")
    return checked


def render_chat(tokenizer: Any, messages: Sequence[Message]) -> str:
    """The prompt text, ending with the assistant turn opened for generation."""
    checked = validate_messages(messages)
    template = getattr(tokenizer, "chat_template", None) or SMOLLM2_JINJA
    return tokenizer.apply_chat_template(
        checked, chat_template=template, tokenize=False, add_generation_prompt=True
    )
