"""Read-only, syntax-highlighted code: the lifted source in reverse mode, generated code later."""

from __future__ import annotations

from rich.markup import escape
from rich.syntax import Syntax
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static


class CodePane(VerticalScroll):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.border_title = "code"
        self.code = ""
        self.dark = True
        self._start = 1
        self._body = Static(Text("open a file (o) or describe a function (p)", style="dim"), id="code-body")

    def compose(self):  # type: ignore[no-untyped-def]
        yield self._body

    def show(self, code: str, start_line: int = 1, title: str = "code") -> None:
        self.code = code
        self._start = start_line
        self.border_title = escape(title)
        self._render_code()
        self.scroll_home(animate=False)

    def set_dark(self, dark: bool) -> None:
        self.dark = dark
        if self.code:
            self._render_code()

    def _render_code(self) -> None:
        theme = "monokai" if self.dark else "default"
        self._body.update(
            Syntax(self.code, "python", theme=theme, line_numbers=True, start_line=self._start,
                   word_wrap=False, background_color="default")
        )
