"""Side effects of a function's own code: calls resolved through the file's imports, writes
to ``global``/``nonlocal`` names, and mutation of its parameters.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterable

from lift_tui.ir import EffectKind

from . import confidence
from .body import Data, FunctionBody, dotted_name
from .text import unparse

# Exact dotted names first, then module prefixes (longest match wins).
_EXACT: dict[str, tuple[EffectKind, str]] = {
    "print": (EffectKind.io, "writes to standard output"),
    "input": (EffectKind.io, "reads from standard input"),
    "open": (EffectKind.filesystem, "opens a file"),
    "breakpoint": (EffectKind.io, "enters the debugger"),
    "exit": (EffectKind.process, "exits the process"),
    "quit": (EffectKind.process, "exits the process"),
    "sys.exit": (EffectKind.process, "exits the process"),
    "sys.stdout.write": (EffectKind.io, "writes to standard output"),
    "sys.stderr.write": (EffectKind.io, "writes to standard error"),
    "sys.stdin.read": (EffectKind.io, "reads from standard input"),
    "sys.stdin.readline": (EffectKind.io, "reads from standard input"),
    "os.system": (EffectKind.process, "runs a shell command"),
    "os.popen": (EffectKind.process, "runs a shell command"),
    "os.urandom": (EffectKind.random, "reads random bytes"),
    "os.getenv": (EffectKind.state, "reads the environment"),
    "os.putenv": (EffectKind.state, "changes the environment"),
    "os.environ.get": (EffectKind.state, "reads the environment"),
    "os.environ.setdefault": (EffectKind.state, "changes the environment"),
    "os.environ.pop": (EffectKind.state, "changes the environment"),
    "os.environ.update": (EffectKind.state, "changes the environment"),
    "os.getcwd": (EffectKind.filesystem, "reads the working directory"),
    "os.chdir": (EffectKind.filesystem, "changes the working directory"),
    "uuid.uuid1": (EffectKind.random, "makes a unique id"),
    "uuid.uuid4": (EffectKind.random, "makes a random id"),
    "datetime.datetime.now": (EffectKind.time, "reads the clock"),
    "datetime.datetime.utcnow": (EffectKind.time, "reads the clock"),
    "datetime.datetime.today": (EffectKind.time, "reads the clock"),
    "datetime.date.today": (EffectKind.time, "reads the clock"),
    "asyncio.sleep": (EffectKind.time, "waits"),
    "pathlib.Path.cwd": (EffectKind.filesystem, "reads the working directory"),
    "pathlib.Path.home": (EffectKind.filesystem, "reads the home directory"),
}
_PREFIX: dict[str, tuple[EffectKind, str]] = {
    "os.path": (EffectKind.filesystem, "inspects the filesystem"),
    "shutil": (EffectKind.filesystem, "changes or reads files"),
    "glob": (EffectKind.filesystem, "lists files"),
    "tempfile": (EffectKind.filesystem, "creates temporary files"),
    "io.open": (EffectKind.filesystem, "opens a file"),
    "subprocess": (EffectKind.process, "runs a subprocess"),
    "multiprocessing": (EffectKind.process, "starts processes"),
    "signal": (EffectKind.process, "handles signals"),
    "socket": (EffectKind.network, "uses a socket"),
    "ssl": (EffectKind.network, "uses TLS"),
    "requests": (EffectKind.network, "makes an HTTP request"),
    "httpx": (EffectKind.network, "makes an HTTP request"),
    "aiohttp": (EffectKind.network, "makes an HTTP request"),
    "urllib.request": (EffectKind.network, "opens a URL"),
    "urllib3": (EffectKind.network, "makes an HTTP request"),
    "http.client": (EffectKind.network, "makes an HTTP request"),
    "ftplib": (EffectKind.network, "uses FTP"),
    "smtplib": (EffectKind.network, "sends mail"),
    "random": (EffectKind.random, "draws random numbers"),
    "secrets": (EffectKind.random, "draws random numbers"),
    "numpy.random": (EffectKind.random, "draws random numbers"),
    "time": (EffectKind.time, "reads the clock or waits"),
    "logging": (EffectKind.io, "writes a log record"),
}
# Only read-only os.path helpers are filesystem reads; these os.* names are filesystem writes/reads.
_OS_FILESYSTEM = {
    "remove", "unlink", "rename", "renames", "replace", "mkdir", "makedirs", "rmdir", "removedirs",
    "listdir", "scandir", "walk", "stat", "lstat", "chmod", "chown", "symlink", "link", "truncate",
    "utime", "open", "read", "write", "fsync", "access", "readlink",
}  # fmt: skip
_OS_PROCESS = (
    "exec",
    "spawn",
    "fork",
    "kill",
    "_exit",
    "abort",
    "wait",
    "posix_spawn",
    "startfile",
    "setsid",
)
# Method names that are (nearly) always pathlib/file effects, whatever the receiver.
_FILE_METHODS = {
    "write_text", "write_bytes", "read_text", "read_bytes", "unlink", "mkdir", "rmdir", "touch",
    "iterdir", "rglob", "symlink_to", "hardlink_to",
}  # fmt: skip
_CONSTRUCTORS = {"__init__", "__new__", "__post_init__", "__init_subclass__", "__set_name__"}
_MUTATORS = {
    "append", "extend", "insert", "remove", "pop", "popitem", "clear", "sort", "reverse", "update",
    "setdefault", "add", "discard", "difference_update", "intersection_update",
    "symmetric_difference_update", "appendleft", "extendleft", "popleft", "rotate",
}  # fmt: skip


def import_aliases(nodes: Iterable[ast.AST], aliases: dict[str, str] | None = None) -> dict[str, str]:
    """Local name -> dotted origin for the imports among ``nodes`` (``sp`` -> ``subprocess``)."""
    aliases = dict(aliases or {})
    for node in nodes:
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.asname:
                    aliases[alias.asname] = alias.name
                else:
                    top = alias.name.split(".")[0]
                    aliases.setdefault(top, top)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                if alias.name != "*":
                    aliases[alias.asname or alias.name] = f"{node.module}.{alias.name}"
    return aliases


def resolve(name: str, aliases: dict[str, str]) -> str:
    head, _, rest = name.partition(".")
    origin = aliases.get(head)
    if origin is None:
        return name
    return f"{origin}.{rest}" if rest else origin


@functools.lru_cache(maxsize=8192)  # pure; the same names recur in every file (len, str, ...)
def classify_call(name: str) -> tuple[EffectKind, str] | None:
    """Effect of calling the fully resolved dotted ``name``, if it is a known effect."""
    if name in _EXACT:
        return _EXACT[name]
    if name.startswith("os.") and name.count(".") == 1:
        if name[3:] in _OS_FILESYSTEM:
            return EffectKind.filesystem, "changes or reads files"
        if name[3:].startswith(_OS_PROCESS):
            return EffectKind.process, "starts, replaces or signals a process"
        return None  # os.fspath, os.cpu_count, ...: no effect worth a line
    if name.startswith("os.path.") and name[8:] in ("join", "split", "splitext", "basename", "dirname",
                                                     "normpath", "normcase", "commonpath", "commonprefix",
                                                     "isabs", "splitdrive"):  # fmt: skip
        return None  # pure string functions
    if name in ("time.strptime", "time.mktime", "time.struct_time"):
        return None  # pure conversions
    parts = name.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:cut])
        if prefix in _PREFIX:
            return _PREFIX[prefix]
    return None


def _effect(
    kind: EffectKind, target: str, description: str, value: float, node: ast.AST, path: str | None
) -> Data:
    line = getattr(node, "lineno", None)
    return dict(
        kind=kind,
        target=target,
        description=description,
        provenance=confidence.provenance(value, path, line, getattr(node, "end_lineno", None)),
    )


def _root_name(node: ast.AST) -> str | None:
    while isinstance(node, ast.Attribute | ast.Subscript):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def effects(
    body: FunctionBody, parameters: set[str], aliases: dict[str, str], path: str | None
) -> list[Data]:
    """Effects in source order, one per (kind, target); every mutation of one argument is one
    effect whose target is the argument's name (its first mutation is in the description)."""
    found: dict[tuple[EffectKind, str], Data] = {}

    def add(kind: EffectKind, target: str, description: str, value: float, node: ast.AST) -> None:
        if (kind, target) not in found:  # the first sighting is the one described
            found[(kind, target)] = _effect(kind, target, description, value, node, path)

    # A constructor filling in its own new object is not a side effect anyone else can see.
    first = body.node.args.posonlyargs[:1] or body.node.args.args[:1]
    constructing = {(first[0].arg, "state")} if first and body.node.name in _CONSTRUCTORS else set()
    declared: set[str] = set()
    groups = body.by_type
    for node_type in (ast.Global, ast.Nonlocal):
        for node in groups.get(node_type, ()):
            declared.update(node.names)  # type: ignore[attr-defined]
    for call in groups.get(ast.Call, ()):
        func = call.func  # type: ignore[attr-defined]
        if type(func) is ast.Attribute:
            method = func.attr
            # Most calls are methods on local objects: decide those without building names.
            if method in _MUTATORS and type(func.value) is ast.Name and func.value.id in parameters:
                receiver = func.value.id
                add(EffectKind.state, receiver, f"mutates argument {receiver} ({method})",
                    confidence.EFFECT_ARGUMENT_MUTATION, call)  # fmt: skip
                continue
            root = func.value
            while type(root) is ast.Attribute:
                root = root.value
            if type(root) is not ast.Name:  # not a dotted name: only the method name can tell
                if method in _FILE_METHODS:
                    add(
                        EffectKind.filesystem,
                        unparse(func),
                        f"{method} on a path",
                        confidence.EFFECT_METHOD_NAME,
                        call,
                    )
                continue
            # The dotted name is built only when it can be reported (``self.a.b()`` never is).
            kind = None
            if root.id in aliases and root.id not in parameters:
                resolved = resolve(dotted_name(func), aliases)  # type: ignore[arg-type]
                kind = classify_call(resolved)
                if kind is not None:
                    add(kind[0], resolved, kind[1], confidence.EFFECT_KNOWN_CALL, call)
            if kind is None and method in _FILE_METHODS:
                name = dotted_name(func)
                add(EffectKind.filesystem, name, f"{method} on a path", confidence.EFFECT_METHOD_NAME, call)  # type: ignore[arg-type]
        elif type(func) is ast.Name and func.id not in parameters:
            resolved = aliases.get(func.id, func.id)
            kind = classify_call(resolved)
            if kind is not None:
                add(kind[0], resolved, kind[1], confidence.EFFECT_KNOWN_CALL, call)
    # The common local assignment (one plain name, not declared global) is dropped before
    # the sort into source order, not after it.
    writes = []
    for node_type in (ast.Assign, ast.Delete):
        for node in groups.get(node_type, ()):
            targets = node.targets  # type: ignore[attr-defined]
            if len(targets) != 1 or type(targets[0]) is not ast.Name or targets[0].id in declared:
                writes.append((node, targets))
    for node_type in (ast.AugAssign, ast.AnnAssign):
        for node in groups.get(node_type, ()):
            target = node.target  # type: ignore[attr-defined]
            if type(target) is not ast.Name or target.id in declared:
                writes.append((node, [target]))
    writes.sort(key=_position)
    for node, targets in writes:
        for target in _flatten(targets):
            if isinstance(target, ast.Name) and target.id in declared:
                add(EffectKind.state, target.id, f"writes {target.id} (global/nonlocal)",
                    confidence.EFFECT_STATE, node)  # fmt: skip
            elif isinstance(target, ast.Attribute | ast.Subscript):
                root = _root_name(target)
                if root in parameters and (root, "state") not in constructing:
                    if (EffectKind.state, root) in found:
                        continue  # already described by its first mutation; skip the unparse
                    what = unparse(target)
                    add(EffectKind.state, root, f"mutates argument {root} ({what})",
                        confidence.EFFECT_ARGUMENT_MUTATION, node)  # fmt: skip
                elif root in declared:
                    add(EffectKind.state, root, f"mutates {root} (global/nonlocal)",
                        confidence.EFFECT_STATE, node)  # fmt: skip
    return sorted(found.values(), key=_line)


def _position(write: tuple[ast.AST, list[ast.expr]]) -> tuple[int, int]:
    return write[0].lineno, write[0].col_offset  # type: ignore[attr-defined]


def _line(effect: Data) -> int:
    location = effect["provenance"]["location"]
    return location["line"] if location else 0


def _flatten(targets: list[ast.expr]) -> list[ast.expr]:
    flat: list[ast.expr] = []
    stack = list(targets)
    while stack:
        target = stack.pop(0)
        if isinstance(target, ast.Tuple | ast.List):
            stack.extend(target.elts)
        elif isinstance(target, ast.Starred):
            stack.append(target.value)
        else:
            flat.append(target)
    return flat
