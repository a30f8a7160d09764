"""Model-free candidates for expression-shaped holes: preconditions, postconditions, values, text.

Guards are proposed from each parameter's type (numbers: sign; sized values: non-empty;
optionals: not None) and strengthened by what the body does with the parameter (divides by
it, indexes it, passes it to ``range``) and by the docstring's words ("positive", "non-empty").
"""

from __future__ import annotations

import ast
import re

from lift_tui.analysis.ast_match import plain_call, subject
from lift_tui.analysis.index import body_nodes, module_classes
from lift_tui.analysis.parse import FunctionSource
from lift_tui.analysis.typetext import free_names, normalize_type, parse_expr
from lift_tui.ir import IR, Hole

from ..evidence import Evidence
from .attr_classes import attribute_class_evidence, sequence_evidence
from .body_facts import calls_len_of, factors, is_text, math_domain, string_names
from .guard_sites import NESTED_WEIGHT, TOP_WEIGHT, guard_sites
from .prose import prose_guards
from .typed_guards import typed_guard_evidence

_NUMERIC = {"int", "float"}
_SIZED_HEADS = (
    "str",
    "bytes",
    "list",
    "tuple",
    "dict",
    "set",
    "frozenset",
    "Sequence",
    "Mapping",
    "Collection",
    "Sized",
    "MutableSequence",
    "MutableMapping",
    "bytearray",
)
_WORDS = [
    (re.compile(r"\bnon-?negative\b|\b>= ?0\b|\bat least (0|zero)\b", re.I), "{p} >= 0", "numeric"),
    (re.compile(r"\bpositive\b|\bgreater than (0|zero)\b", re.I), "{p} > 0", "numeric"),
    (re.compile(r"\bnon-?empty\b|\bmust not be empty\b|\bat least one\b", re.I), "len({p}) > 0", "sized"),
    (re.compile(r"\bnot None\b|\bmust be given\b", re.I), "{p} is not None", "any"),
]


def _shape(hint: str | None) -> str:
    canon = normalize_type(hint) if hint else None
    if canon is None:
        return "unknown"
    if canon.endswith("| None"):
        return "optional"
    if canon in _NUMERIC or canon == "int | float" or canon == "float | int":
        return "numeric"
    if canon.split("[", 1)[0] in _SIZED_HEADS:
        return "sized"
    return "other"


# Quantities whose range their name settles for any reader (calendar and clock fields, shares).
_NAMED_RANGES = {
    "month": (1, 12),
    "weekday": (0, 6),
    "hour": (0, 23),
    "minute": (0, 59),
    "percent": (0, 100),
    "percentage": (0, 100),
    "probability": (0, 1),
}

_FILLERS = {"add", "append", "extend", "update", "insert", "setdefault", "appendleft", "extendleft"}


def _fills(fn: FunctionSource | None, name: str) -> bool:
    """The body adds items to ``name``: an output collection, which may well start empty."""
    if fn is None:
        return False
    for item in body_nodes(fn.node):
        if (
            isinstance(item, ast.Call)
            and isinstance(item.func, ast.Attribute)
            and item.func.attr in _FILLERS
            and isinstance(item.func.value, ast.Name)
            and item.func.value.id == name
        ):
            return True
        if (
            isinstance(item, ast.Subscript)
            and isinstance(item.ctx, ast.Store)
            and isinstance(item.value, ast.Name)
            and item.value.id == name
        ):
            return True
    return False


def _isinstance_weight(head: str, declared: bool, scale: float) -> float:
    """How likely a runtime type check is, given what the type is and how it is known.

    A declared type is already stated, so checking it again is the exception (0.12). For a guessed
    type: a ``float`` check is rare (it would refuse ints, which every float API accepts) and an
    ``int`` check is less usual than a sign check; checks for a class, a string or a container
    are what untyped code does to fail early with a clear error.
    """
    if declared:
        return 0.12
    if head == "float":
        return 0.1
    if head in ("int", "bool", "complex"):
        return 0.18 * scale
    return 0.3 * scale


def _scope_params(ir: IR, hole: Hole) -> list[str]:
    names = [p.name for p in ir.signature.parameters if p.name not in ("self", "cls")]
    mentioned = [
        n for n in names if re.search(rf"\b{re.escape(n)}\b", f"{hole.type_hint} {hole.description}")
    ]
    return mentioned or names


def _body_uses(fn: FunctionSource | None, name: str) -> list[Evidence]:
    if fn is None:
        return []
    found: list[Evidence] = []
    texts = string_names(fn)
    divides_positive = False
    for item in body_nodes(fn.node):
        if isinstance(item, ast.BinOp) and isinstance(item.op, ast.Div | ast.FloorDiv | ast.Mod):
            if isinstance(item.op, ast.Mod) and is_text(item.left, texts):
                continue  # `"%s" % name` formats a string; nothing is divided
            right = item.right
            if isinstance(right, ast.Name) and right.id == name:
                found.append(Evidence(f"{name} != 0", "divisor", f"the body divides by `{name}`", 0.55))
                if not divides_positive:
                    divides_positive = True  # a divisor is most often a size, count or scale
                    why = f"the body divides by `{name}` (a size or scale)"
                    found.append(Evidence(f"{name} > 0", "divisor", why, 0.3))
            elif factors(right, name):
                found.append(
                    Evidence(f"{name} != 0", "divisor", f"the body divides by `{ast.unparse(right)}`", 0.45)
                )
            if plain_call(right, "len") and subject(right) == name:
                found.append(
                    Evidence(f"len({name}) > 0", "divisor", f"the body divides by `len({name})`", 0.55)
                )
        elif isinstance(item, ast.Subscript) and isinstance(item.value, ast.Name) and item.value.id == name:
            if isinstance(item.slice, ast.Constant | ast.UnaryOp) and not isinstance(item.ctx, ast.Store):
                found.append(
                    Evidence(f"len({name}) > 0", "index", f"the body reads `{ast.unparse(item)}`", 0.45)
                )
            elif not isinstance(item.slice, ast.Slice) and calls_len_of(item.slice, name):
                # `seq[pick(len(seq))]`: an index computed from the length exists only if there are items
                found.append(
                    Evidence(f"len({name}) > 0", "index", f"the body reads `{ast.unparse(item)}`", 0.5)
                )
        elif isinstance(item, ast.Call) and math_domain(item, name):
            guard, why = math_domain(item, name)  # type: ignore[misc]
            found.append(Evidence(guard, "math", why, 0.45))
        elif isinstance(item, ast.Call) and isinstance(item.func, ast.Name):
            first = item.args[0] if item.args else None
            if isinstance(first, ast.Name) and first.id == name:
                if item.func.id in ("max", "min") and len(item.args) == 1 and not item.keywords:
                    found.append(
                        Evidence(f"len({name}) > 0", "max-min", f"`{item.func.id}({name})` needs items", 0.5)
                    )
                if item.func.id == "range":
                    found.append(Evidence(f"{name} >= 0", "range", f"`range({name})` counts up to it", 0.35))
    for site in guard_sites(fn.node):
        if name not in site.names:
            continue
        weight = NESTED_WEIGHT if site.nested else TOP_WEIGHT
        where = " (on one path)" if site.nested else ""
        if site.raises_when:
            why = f"the body raises when `{ast.unparse(site.test)}`{where}"
            found.append(Evidence(_negate(site.test), "guard", why, weight))
        else:
            found.append(Evidence(ast.unparse(site.test), "assert", f"asserted in the body{where}", weight))
    return found


def _violates_default(ir: IR, value: str) -> bool:
    """A guard the parameter's own default value fails is not the function's contract."""
    node = parse_expr(value)
    if node is None or not all(isinstance(n, _EVALUABLE) for n in ast.walk(node)):
        return False  # only comparisons of names, literals and a few builtins: cheap and side-effect free
    names = free_names(node) - set(_SAFE)
    if len(names) != 1:
        return False
    param = ir.signature.parameter(next(iter(names)))
    if param is None or param.default is None:
        return False
    try:
        default = ast.literal_eval(param.default)
        code = compile(ast.Expression(node), "<guard>", "eval")
        # a literal default and no attributes, powers or calls beyond _SAFE builtins
        result = eval(code, {"__builtins__": {}, **_SAFE}, {param.name: default})  # noqa: S307
    except Exception:  # noqa: BLE001 - any failure means "cannot tell", never a verdict
        return False
    return result is False


_EVALUABLE = (
    ast.Compare, ast.BoolOp, ast.UnaryOp, ast.Name, ast.Constant, ast.Call, ast.Tuple,
    ast.expr_context, ast.cmpop, ast.boolop, ast.unaryop,
)
_SAFE = {"len": len, "isinstance": isinstance, "int": int, "float": float, "str": str, "bool": bool}


_FLIP = {
    ast.Lt: ">=",
    ast.LtE: ">",
    ast.Gt: "<=",
    ast.GtE: "<",
    ast.Eq: "!=",
    ast.NotEq: "==",
    ast.Is: "is not",
    ast.IsNot: "is",
    ast.In: "not in",
    ast.NotIn: "in",
}


def _negate(test: ast.expr) -> str:
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return ast.unparse(test.operand)
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and type(test.ops[0]) in _FLIP:
        return f"{ast.unparse(test.left)} {_FLIP[type(test.ops[0])]} {ast.unparse(test.comparators[0])}"
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.Or):
        return " and ".join(_wrap(_negate(v)) for v in test.values)
    return (
        f"not ({ast.unparse(test)})"
        if not isinstance(test, ast.Name | ast.Call)
        else f"not {ast.unparse(test)}"
    )


def _wrap(text: str) -> str:
    return f"({text})" if " or " in text else text


def precondition_evidence(
    ir: IR, hole: Hole, fn: FunctionSource | None, doc_text: str, inferred: dict[str, str] | None = None
) -> list[Evidence]:
    evidence: list[Evidence] = []
    existing = {a.expression for a in ir.assertions}
    for name in _scope_params(ir, hole):
        param = ir.signature.parameter(name)
        declared = param.type_hint if param else None
        hint = declared or (inferred or {}).get(name)
        shape = _shape(hint)
        scale = 1.0 if declared else 0.8  # a guessed type is weaker evidence than a declared one
        head = (normalize_type(hint) or "").split("[", 1)[0] if hint else ""
        if re.fullmatch(r"[A-Za-z_][\w.]*", head) and head not in ("Any", "object", "None"):
            evidence.append(
                Evidence(
                    f"isinstance({name}, {head})",
                    "isinstance",
                    f"`{name}` is {'declared' if declared else 'probably'} a {head}",
                    _isinstance_weight(head, declared is not None, scale),
                )
            )
        if shape == "numeric":
            evidence.append(Evidence(f"{name} >= 0", "type", f"`{name}` is a number", 0.25))
            evidence.append(Evidence(f"{name} > 0", "type", f"`{name}` is a number", 0.2))
        elif shape == "sized" and not _fills(fn, name):
            evidence.append(Evidence(f"len({name}) > 0", "type", f"`{name}` has a length", 0.25))
        elif shape == "optional":
            evidence.append(Evidence(f"{name} is not None", "type", f"`{name}` may be None", 0.25))
        elif shape == "unknown":
            evidence.append(Evidence(f"{name} is not None", "type", f"`{name}` has no known type", 0.1))
        evidence += _body_uses(fn, name)
        if shape in ("numeric", "unknown") and name.lower() in _NAMED_RANGES:
            low, high = _NAMED_RANGES[name.lower()]
            why = f"a {name} is {low}..{high} by convention"
            evidence.append(Evidence(f"{low} <= {name} <= {high}", "name", why, 0.3))
        if fn is not None:
            evidence += attribute_class_evidence(fn, name) + sequence_evidence(fn, name)
            evidence += typed_guard_evidence(fn.module, name, declared)
        described = " ".join(filter(None, [param.description if param else None]))
        documented: set[str] = set()
        for pattern, template, needs in _WORDS:
            if pattern.search(described) and (needs in (shape, "any") or shape == "unknown"):
                documented.add(template.format(p=name))
                evidence.append(
                    Evidence(
                        template.format(p=name),
                        "docstring",
                        f"the docstring says `{name}` is {pattern.search(described).group(0)}",
                        0.6,
                    )
                )
        classes = module_classes(fn.module) if fn is not None else set()
        stated = [e for e in prose_guards(doc_text, [name], classes) if e.value not in documented]
        evidence += stated
        if len(_scope_params(ir, hole)) == 1 and doc_text:
            for pattern, template, needs in _WORDS:
                value = template.format(p=name)
                if (
                    pattern.search(doc_text)
                    and (needs in (shape, "any") or shape == "unknown")
                    and value not in documented
                    and not any(e.value == value for e in stated)
                ):
                    evidence.append(Evidence(value, "docstring", "the docstring's wording", 0.35))
    return [e for e in evidence if e.value not in existing and not _violates_default(ir, e.value)]


def postcondition_evidence(ir: IR) -> list[Evidence]:
    returns = ir.signature.returns
    shape = _shape(returns)
    evidence: list[Evidence] = []
    if returns and normalize_type(returns) not in (None, "None"):
        evidence.append(Evidence("result is not None", "type", "the function returns a value", 0.3))
        head = (normalize_type(returns) or "").split("[", 1)[0]
        if re.fullmatch(r"[A-Za-z_][\w]*", head) and head not in ("Any", "object"):
            evidence.append(
                Evidence(f"isinstance(result, {head})", "type", f"the return type is {returns}", 0.3)
            )
    if shape == "numeric":
        evidence.append(Evidence("result >= 0", "type", "a numeric result", 0.2))
    if shape == "sized":
        evidence.append(Evidence("len(result) >= 0", "type", "a sized result", 0.1))
    return evidence


def value_evidence(ir: IR, hole: Hole, locals_typed: dict[str, str | None]) -> list[Evidence]:
    wanted = normalize_type(hole.type_hint)
    evidence: list[Evidence] = []
    scope = {p.name: p.type_hint for p in ir.signature.parameters} | locals_typed
    for name, hint in scope.items():
        if hint and wanted and normalize_type(hint) == wanted:
            evidence.append(Evidence(name, "scope", f"`{name}` is in scope with type {hint}", 0.55))
    literals = {
        "int": ["0", "1"],
        "float": ["0.0"],
        "str": ['""'],
        "bool": ["False", "True"],
        "bytes": ['b""'],
        "list": ["[]"],
        "dict": ["{}"],
        "set": ["set()"],
        "tuple": ["()"],
    }
    head = (wanted or "").split("[", 1)[0]
    for literal in literals.get(head, []):
        evidence.append(Evidence(literal, "literal", f"a {head} literal", 0.2))
    if wanted and wanted.endswith("| None") or wanted == "None":
        evidence.append(Evidence("None", "literal", "the type admits None", 0.3))
    return evidence


def summary_evidence(ir: IR) -> list[Evidence]:
    words = [w for w in re.split(r"_+|(?<=[a-z])(?=[A-Z])", ir.signature.name) if w]
    if not words:
        return []
    verb, rest = words[0].lower(), " ".join(w.lower() for w in words[1:])
    params = [p.name for p in ir.signature.parameters if p.name not in ("self", "cls")]
    if verb in ("is", "has", "can", "should"):
        text = f"Return True if {' '.join(['the object' if not params else params[0], verb, rest]).strip()}."
    elif verb in ("get", "to", "as"):
        text = f"Return the {rest or 'value'}" + (f" of {params[0]}." if params else ".")
    else:
        text = f"{verb.capitalize()} {rest}".strip() + "."
    return [Evidence(text, "name", "read from the function's name", 0.3)]
