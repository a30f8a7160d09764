"""The IR tree: files, their functions, and each function's intent, signature, assertions,
effects, examples and holes. Updates arrive per file and are applied in place, with what
changed highlighted until the next save of that file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from lift_tui.ir import IR, HoleStatus, Source
from lift_tui.service import FileState, FileUpdate, function_key

from ..messages import FunctionSelected, HoleSelected

ADDED = "bold green"
CHANGED = "bold yellow"
ERROR = "bold red"
HOLE = "bold magenta"
CORE = "bold red"


@dataclass(frozen=True)
class NodeRef:
    """What a tree node stands for."""

    kind: str  # "file" | "function" | "hole" | "error" | "section"
    path: str = ""
    key: str = ""
    hole: str = ""


def _display_path(path: str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return path


def signature_text(ir: IR) -> str:
    """The def line exactly as written: ``/`` and ``*`` markers kept, ``qty=1`` unannotated and
    ``b: int = 2`` annotated as Python formats them; unknown hints are left out (they are holes)."""
    from lift_tui.ir.render._code import format_parameters  # the renderer package costs ~50 ms

    sig = ir.signature
    params = format_parameters(sig.parameters, lambda p: (p.type_hint or None, p.default))
    returns = f" -> {sig.returns}" if sig.returns else ""
    prefix = "async def" if sig.is_async else "def"
    return f"{prefix} {ir.metadata.qualname or sig.name}({params}){returns}"


class IRTree(Tree[NodeRef]):
    """Files → functions → sections. ``show_update`` is the only way content changes."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__("workspace", **kwargs)  # type: ignore[arg-type]
        self.show_root = False
        self.guide_depth = 3
        self._files: dict[str, TreeNode[NodeRef]] = {}
        self._functions: dict[str, TreeNode[NodeRef]] = {}
        self._core: dict[str, set[str]] = {}

    # -- updates -------------------------------------------------------------------------------

    def show_update(self, update: FileUpdate, current: dict[str, IR]) -> None:
        """Apply one file's update; ``current`` maps function keys to their latest IR."""
        node = self._files.get(update.path)
        if update.state is None:
            if node is not None:
                for key in update.changes.removed:
                    self._functions.pop(key, None)
                node.remove()
                del self._files[update.path]
            return
        first = node is None
        if node is None:
            node = self.root.add("", data=NodeRef("file", path=update.path), expand=True)
            self._files[update.path] = node
        state = update.state
        node.set_label(self._file_label(state))
        self._show_problems(node, state)
        for key in update.changes.removed:
            gone = self._functions.pop(key, None)
            if gone is not None:
                gone.remove()
        for ir in state.functions:
            key = function_key(ir)
            style = ""
            if not first:  # the first lift of a file is all new: nothing to highlight
                changed = update.changes.changed
                style = ADDED if key in update.changes.added else CHANGED if key in changed else ""
            paths = update.changes.changed.get(key, []) if not first else []
            self.show_function(key, current.get(key, ir), highlight=style, changed=paths, parent=node)

    def show_function(
        self,
        key: str,
        ir: IR,
        highlight: str = "",
        changed: list[str] | None = None,
        parent: TreeNode[NodeRef] | None = None,
    ) -> None:
        """Rebuild one function's node in place (its expansion is kept)."""
        node = self._functions.get(key)
        if node is None:
            if parent is None:
                return
            node = parent.add("", data=NodeRef("function", key=key))
            self._functions[key] = node
        node.set_label(self._function_label(ir, highlight))
        node.remove_children()
        self._fill(node, key, ir, set(changed or []))

    def reset_all(self) -> None:
        """Empty the tree (before a session is loaded into it)."""
        self.clear()
        self._files.clear()
        self._functions.clear()
        self._core.clear()

    def mark_core(self, key: str, expressions: list[str]) -> None:
        """Mark the assertions of an unsat core (empty list clears the marks)."""
        self._core[key] = set(expressions)

    def select_function(self, key: str) -> None:
        """Put the cursor on the function; after the next refresh, when freshly added nodes
        have their line numbers (before that the cursor would stay on line 0)."""
        node = self._functions.get(key)
        if node is not None:
            self.call_after_refresh(self._cursor_to, key)

    def _cursor_to(self, key: str) -> None:
        node = self._functions.get(key)
        if node is not None:
            self.move_cursor(node, animate=False)

    def function_keys(self) -> list[str]:
        """Function keys in the order the tree shows them (file by file, top to bottom)."""
        return [
            child.data.key
            for file_node in self.root.children
            for child in file_node.children
            if child.data is not None and child.data.kind == "function"
        ]

    # -- labels --------------------------------------------------------------------------------

    def _file_label(self, state: FileState) -> Text:
        label = Text(_display_path(state.path), style="bold")
        label.append(f"  {len(state.functions)} functions", style="dim")
        if state.problems:
            label.append(f"  ✗ {state.problems[0].kind}", style=ERROR)
        return label

    def _show_problems(self, node: TreeNode[NodeRef], state: FileState) -> None:
        for child in list(node.children):
            if child.data is not None and child.data.kind == "error":
                child.remove()
        for problem in reversed(state.problems):
            text = Text(f"✗ {problem.describe()}", style=ERROR)
            if state.stale:
                text.append(" — last good IR below", style="italic")
            node.add_leaf(text, data=NodeRef("error", path=state.path), before=0)

    def _function_label(self, ir: IR, highlight: str) -> Text:
        label = Text("● " if highlight else "", style=highlight)
        label.append(signature_text(ir), style=highlight or "")
        open_holes = len(ir.open_holes())
        if open_holes:
            label.append(f"  ?{open_holes}", style=HOLE)
        return label

    # -- sections ------------------------------------------------------------------------------

    def _section(
        self, parent: TreeNode[NodeRef], name: str, title: str, changed: set[str]
    ) -> TreeNode[NodeRef]:
        hit = any(p == name or p.startswith(name + ".") for p in changed)
        label = Text(("● " if hit else "") + title, style=CHANGED if hit else "")
        return parent.add(label, data=NodeRef("section", key=parent.data.key if parent.data else ""))

    def _fill(self, node: TreeNode[NodeRef], key: str, ir: IR, changed: set[str]) -> None:
        intent = self._section(node, "intent", "intent", changed)
        intent.add_leaf(Text(ir.intent.summary or "(no summary)"))
        for criterion in ir.intent.success_criteria:
            intent.add_leaf(Text(f"✓ {criterion}"))
        sig = self._section(node, "signature", "signature", changed)
        for p in ir.signature.parameters:
            hint = f": {p.type_hint or '?'}"
            text = p.name + hint + (f" = {p.default}" if p.default is not None else "")
            sig.add_leaf(Text(f"{text}  ({p.kind.value})"))
        sig.add_leaf(Text(f"returns {ir.signature.returns or '?'}"))
        for raised in ir.signature.raises:
            sig.add_leaf(Text(f"raises {raised}"))
        core = self._core.get(key, set())
        asserts = self._section(node, "assertions", f"assertions ({len(ir.assertions)})", changed)
        for a in ir.assertions:
            in_core = a.expression in core
            text = Text(f"{a.category.value}: {a.expression}", style=CORE if in_core else "")
            if in_core:
                text.append("  ✗ unsat core")
            asserts.add_leaf(text)
        effects = self._section(node, "effects", f"effects ({len(ir.effects)})", changed)
        for e in ir.effects:
            effects.add_leaf(Text(f"{e.kind.value}: {e.target}"))
        examples = self._section(node, "examples", f"examples ({len(ir.examples)})", changed)
        for ex in ir.examples:
            examples.add_leaf(Text(f"{ex.call} → {ex.expected}"))
        holes = self._section(node, "holes", f"holes ({len(ir.open_holes())} open)", changed)
        for h in ir.holes:
            is_open = h.status is HoleStatus.open
            text = Text(f"{h.reference}: {h.type_hint}  ({h.kind.value})", style=HOLE if is_open else "dim")
            if not is_open:
                text.append(f"  {h.status.value}")
            if h.provenance.source is Source.model:  # a suggestion of the model, not a fact
                proposal = f": {h.candidates[0]}" if h.candidates else ""
                text.append(f"  ◆ model{proposal}", style="italic cyan")
            holes.add_leaf(text, data=NodeRef("hole", key=key, hole=h.identifier))

    # -- selection → messages -----------------------------------------------------------------

    def _owner(self, node: TreeNode[NodeRef]) -> NodeRef | None:
        while node is not None:
            if node.data is not None and node.data.kind in {"function", "hole"}:
                return node.data
            if node.data is not None and node.data.kind == "section":
                return NodeRef("function", key=node.data.key)
            node = node.parent  # type: ignore[assignment]
        return None

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[NodeRef]) -> None:
        self._announce(event.node)

    def on_tree_node_selected(self, event: Tree.NodeSelected[NodeRef]) -> None:
        self._announce(event.node)

    def _announce(self, node: TreeNode[NodeRef]) -> None:
        ref = self._owner(node)
        if ref is None or not ref.key:
            return
        self.post_message(FunctionSelected(ref.key))
        if ref.kind == "hole":
            self.post_message(HoleSelected(ref.key, ref.hole))
