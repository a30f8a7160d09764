"""Calls whose result type is fixed by the language or the library, not by the code around them:
builtins, common functions of modules written in C (or without annotations), methods whose result
does not depend on the receiver, ``str`` methods, and ``open`` by its mode. The one table reverse
mode and the holes layer both read.
"""

from __future__ import annotations

import ast

# Builtins whose result type does not depend on their arguments. (``abs``, ``round``, ``sum``,
# ``min`` and ``max`` do: see ``numeric_result``.)
BUILTIN_RESULTS: dict[str, str] = {
    "int": "int", "float": "float", "str": "str", "bool": "bool", "bytes": "bytes", "list": "list",
    "dict": "dict", "set": "set", "frozenset": "frozenset", "tuple": "tuple", "len": "int",
    "sorted": "list", "repr": "str", "format": "str", "ord": "int", "chr": "str", "hash": "int",
    "isinstance": "bool", "issubclass": "bool", "callable": "bool", "hasattr": "bool",
    "any": "bool", "all": "bool", "divmod": "tuple", "hex": "str", "oct": "str", "bin": "str",
    "id": "int", "input": "str", "ascii": "str", "bytearray": "bytearray", "complex": "complex",
    "range": "range",
}  # fmt: skip

# Functions of the standard library (many written in C, or without annotations) by the dotted
# name they are called with.
LIBRARY_RESULTS: dict[str, str] = {
    "struct.pack": "bytes", "struct.unpack": "tuple", "struct.calcsize": "int",
    "time.time": "float", "time.monotonic": "float", "time.perf_counter": "float",
    "time.time_ns": "int", "time.monotonic_ns": "int", "time.strftime": "str", "os.getcwd": "str",
    "os.getpid": "int", "os.listdir": "list[str]", "os.fspath": "str", "os.urandom": "bytes",
    "os.path.join": "str", "os.path.basename": "str", "os.path.dirname": "str",
    "os.path.abspath": "str", "os.path.normpath": "str", "os.path.realpath": "str",
    "os.path.expanduser": "str", "os.path.relpath": "str", "os.path.exists": "bool",
    "os.path.isfile": "bool", "os.path.isdir": "bool", "os.path.isabs": "bool",
    "os.path.getsize": "int", "os.path.getmtime": "float", "os.path.split": "tuple[str, str]",
    "os.path.splitext": "tuple[str, str]", "json.dumps": "str", "re.compile": "re.Pattern",
    "re.match": "re.Match | None", "re.search": "re.Match | None",
    "re.fullmatch": "re.Match | None", "re.sub": "str", "re.escape": "str", "re.split": "list[str]",
    "re.findall": "list", "math.sqrt": "float", "math.log": "float", "math.exp": "float",
    "math.floor": "int", "math.ceil": "int", "math.isclose": "bool", "math.isnan": "bool",
    "math.isinf": "bool", "math.gcd": "int", "math.factorial": "int", "random.random": "float",
    "random.randint": "int", "random.uniform": "float", "zlib.compress": "bytes",
    "zlib.decompress": "bytes", "zlib.crc32": "int", "binascii.hexlify": "bytes",
    "binascii.unhexlify": "bytes", "binascii.crc32": "int", "base64.b64encode": "bytes",
    "base64.b64decode": "bytes", "sys.getsizeof": "int", "sys.intern": "str",
    "shutil.which": "str | None", "uuid.uuid4": "uuid.UUID", "hashlib.sha256": "hashlib._Hash",
    "textwrap.dedent": "str", "random.gauss": "float", "random.randrange": "int",
    "random.getrandbits": "int", "time.process_time": "float", "time.ctime": "str",
    "os.cpu_count": "int | None", "os.getenv": "str | None", "os.environ.get": "str | None",
    "math.sin": "float", "math.cos": "float", "math.pow": "float", "math.hypot": "float",
    "math.fabs": "float", "math.isqrt": "int", "math.comb": "int", "math.perm": "int",
    "math.fsum": "float", "math.dist": "float", "statistics.mean": "float",
    "statistics.median": "float", "statistics.stdev": "float", "json.loads": "Any",
    "datetime.datetime.now": "datetime.datetime", "datetime.date.today": "datetime.date",
    "textwrap.fill": "str", "pathlib.Path": "pathlib.Path", "Path": "pathlib.Path",
}  # fmt: skip

# Every call by its dotted name: reverse mode's table and the holes layer's are this one.
CALL_RESULTS: dict[str, str] = {**BUILTIN_RESULTS, **LIBRARY_RESULTS}

# Methods whose result type does not depend on the receiver's exact type.
METHOD_RESULTS: dict[str, str] = {
    "join": "str", "lower": "str", "upper": "str", "strip": "str", "lstrip": "str", "rstrip": "str",
    "replace": "str", "format": "str", "title": "str", "casefold": "str", "capitalize": "str",
    "zfill": "str", "removeprefix": "str", "removesuffix": "str", "center": "str", "ljust": "str",
    "rjust": "str", "swapcase": "str", "expandtabs": "str", "hexdigest": "str", "isoformat": "str",
    "split": "list[str]", "rsplit": "list[str]", "splitlines": "list[str]", "startswith": "bool",
    "endswith": "bool", "isdigit": "bool", "isalpha": "bool", "isalnum": "bool", "isspace": "bool",
    "isidentifier": "bool", "isupper": "bool", "islower": "bool", "isdecimal": "bool",
    "isnumeric": "bool", "is_file": "bool", "is_dir": "bool", "exists": "bool", "issubset": "bool",
    "issuperset": "bool", "isdisjoint": "bool", "encode": "bytes", "decode": "str", "find": "int",
    "rfind": "int", "count": "int", "bit_length": "int", "read_text": "str", "read_bytes": "bytes",
    "total_seconds": "float", "timestamp": "float",
}  # fmt: skip

NUMERIC = ("int", "float", "complex")
NUMERIC_CALLS = ("abs", "round", "sum", "min", "max")


def numeric_result(name: str, first: str | None, arguments: int) -> str | None:
    """``abs``/``round``/``sum``/``min``/``max`` of numbers: ``round(x)`` is an int, the others
    (and ``round(x, n)``) keep the type of the number (``first``: the first argument's type)."""
    if name == "round" and arguments == 1:
        return "int"
    return first if first in NUMERIC else None


# Concrete stream classes and the typing protocols they are annotated as, both ways.
IO_EQUIVALENTS: dict[str, list[str]] = {
    "BinaryIO": ["io.BufferedReader", "IO[bytes]"],
    "TextIO": ["io.TextIOWrapper", "IO[str]"],
    "io.BufferedReader": ["BinaryIO"],
    "io.BufferedWriter": ["BinaryIO"],
    "io.TextIOWrapper": ["TextIO"],
    "io.BytesIO": ["BinaryIO"],
    "io.StringIO": ["TextIO"],
}
_MODE_CHARS = frozenset("rwxabt+U")


def _mode_text(node: ast.expr | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value:
        return node.value if set(node.value) <= _MODE_CHARS else None
    return None


def open_call_type(call: ast.Call) -> str | None:
    """``open(p, "rb")`` and ``path.open("rb")`` make a binary stream, text modes a text stream.

    The builtin defaults to text; a method ``.open()`` only counts with a literal mode, because
    the default differs between libraries (``zipfile`` opens binary)."""
    func = call.func
    keyword = next((k.value for k in call.keywords if k.arg == "mode"), None)
    if isinstance(func, ast.Name) and func.id == "open":
        mode = _mode_text(keyword if keyword is not None else (call.args[1] if len(call.args) > 1 else None))
        if mode is None and (keyword is not None or len(call.args) > 1):
            return None  # a mode that is not a literal
        return "BinaryIO" if mode and "b" in mode else "TextIO"
    if isinstance(func, ast.Attribute) and func.attr == "open":
        mode = _mode_text(keyword if keyword is not None else (call.args[0] if call.args else None))
        if mode is not None:
            return "BinaryIO" if "b" in mode else "TextIO"
    return None

# Methods of ``str`` by what they return (the receiver must be known to be a str).
STR_METHODS: dict[str, str] = {
    **dict.fromkeys(
        (
            "lower", "upper", "strip", "lstrip", "rstrip", "replace", "join", "format", "title",
            "capitalize", "casefold", "center", "ljust", "rjust", "zfill", "expandtabs", "swapcase",
            "removeprefix", "removesuffix", "translate", "format_map",
        ),
        "str",
    ),
    **dict.fromkeys(("split", "rsplit", "splitlines"), "list[str]"),
    **dict.fromkeys(("partition", "rpartition"), "tuple[str, str, str]"),
    **dict.fromkeys(("find", "rfind", "index", "rindex", "count"), "int"),
    **dict.fromkeys(
        (
            "startswith", "endswith", "isdigit", "isalpha", "isalnum", "isspace", "isidentifier",
            "islower", "isupper", "isnumeric", "isdecimal", "istitle", "isascii", "isprintable",
        ),
        "bool",
    ),
    "encode": "bytes",
}


_MAPPINGS = frozenset({"dict", "Dict", "Mapping", "MutableMapping", "defaultdict", "OrderedDict"})
_SEQUENCES = frozenset({"list", "List", "Sequence", "MutableSequence", "deque", "Deque"})


def container_method(owner: str, method: str, arguments: int) -> str | None:
    """The result of a builtin container's method from the container's type: ``d.get(k)`` of a
    ``dict[K, V]`` is ``V | None``, ``d.items()`` gives ``(K, V)`` pairs, ``xs.pop()`` an item."""
    node = ast.parse(owner, mode="eval").body if owner.strip() else None
    if not isinstance(node, ast.Subscript):
        return None
    head = ast.unparse(node.value).split(".")[-1]
    args = [ast.unparse(a) for a in (node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice])]
    if method == "copy" and head in _MAPPINGS | _SEQUENCES | {"set", "Set"}:
        return owner
    if head in _MAPPINGS and len(args) == 2:
        key, value = args
        return {
            "keys": f"KeysView[{key}]",
            "values": f"ValuesView[{value}]",
            "items": f"ItemsView[{key}, {value}]",
            "get": f"{value} | None" if arguments == 1 else value if arguments == 2 else None,
            "pop": value,
            "setdefault": value,
            "__getitem__": value,
        }.get(method)
    if head in _SEQUENCES and len(args) == 1:
        return {"pop": args[0], "index": "int", "count": "int", "popleft": args[0]}.get(method)
    return None


# How a module may spell the path class, and what its members give (by the receiver's spelling).
PATH_TYPES = frozenset({"Path", "pathlib.Path", "PurePath", "PosixPath"})
_PATH_ATTRIBUTES = {"name": "str", "stem": "str", "suffix": "str", "parent": "{}", "parts": "tuple[str, ...]"}
_PATH_METHODS = {
    "iterdir": "Iterator[{}]", "glob": "Iterator[{}]", "rglob": "Iterator[{}]", "resolve": "{}",
    "absolute": "{}", "expanduser": "{}", "with_suffix": "{}", "with_name": "{}", "with_stem": "{}",
    "relative_to": "{}", "joinpath": "{}", "read_text": "str", "read_bytes": "bytes",
    "exists": "bool", "is_file": "bool", "is_dir": "bool", "is_absolute": "bool", "as_posix": "str",
    "write_text": "int", "write_bytes": "int", "stat": "os.stat_result", "mkdir": "None",
}  # fmt: skip


def known_method(owner: str, name: str, *, called: bool = True) -> str | None:
    """A member of a ``str``, ``bytes`` or path (``p.iterdir()`` gives ``Iterator[Path]``, ``p.name`` a
    ``str``), spelled with the receiver's own spelling of the path class."""
    if owner in ("str", "bytes"):
        return (STR_METHODS.get(name) if owner == "str" else {"decode": "str"}.get(name)) if called else None
    table = _PATH_METHODS if called else _PATH_ATTRIBUTES
    return table[name].format(owner) if name in table else None
