"""Rules for a parameter's type, each registered under its family's name (see :mod:`.registry`):
the docstring, isinstance checks, how the body uses the value, streams, named types, the module's
other annotations of the name, call sites, the package, the owner class, overrides, attributes it
is stored in, data-model protocols.
"""

from __future__ import annotations

import ast
import re
from collections import Counter

from lift_tui.analysis.ast_match import plain_call, subject
from lift_tui.analysis.index import all_functions, body_nodes, owner_classes
from lift_tui.analysis.literals import join_types, value_type
from lift_tui.analysis.parse import FunctionSource
from lift_tui.analysis.typetext import normalize_type, parse_expr, union
from lift_tui.ir import IR

from ..evidence import SHOWN, Evidence
from .conventions import call_site_evidence, is_stub, package_evidence
from .doc_words import described_type_evidence, prose_type_evidence
from .flows import named_type_evidence, stream_usage_evidence
from .hierarchy import (
    attribute_sink_evidence,
    override_evidence,
    protocol_parameter_evidence,
    type_parameter_evidence,
)
from .protocols import protocol_family_evidence
from .registry import Site, parameter_rule
from .usage import usage_evidence


def parsed_docstring(fn: FunctionSource):  # -> docstring_parser.Docstring | None
    text = ast.get_docstring(fn.node)
    if not text:
        return None
    import docstring_parser

    try:
        return docstring_parser.parse(text)
    except (docstring_parser.ParseError, ValueError):
        return None


def doc_type(text: str | None) -> str | None:
    if not text:
        return None
    cleaned = re.sub(r",?\s*optional$", "", text.strip())
    return normalize_type(cleaned)


def _module_convention(fn: FunctionSource, name: str) -> list[Evidence]:
    seen: Counter[str] = Counter()
    for item in all_functions(fn.module):
        if item is not fn.node:
            args = item.args
            for arg in [*args.posonlyargs, *args.args, *args.kwonlyargs]:
                if arg.arg == name and arg.annotation is not None:
                    seen[ast.unparse(arg.annotation)] += 1
    return [
        Evidence(
            hint,
            "module",
            f"`{name}: {hint}` in {count} other function(s) of this module",
            min(0.45 + 0.1 * count, 0.8),
        )
        for hint, count in seen.most_common(3)
    ]


def _isinstance_types(fn: FunctionSource, name: str) -> list[Evidence]:
    found = []
    for item in body_nodes(fn.node):
        if plain_call(item, "isinstance", 2) and subject(item) == name:
            spec = item.args[1]
            parts = spec.elts if isinstance(spec, ast.Tuple) else [spec]
            hint = union([ast.unparse(p) for p in parts])
            found.append(
                Evidence(hint, "isinstance", f"`isinstance({name}, {ast.unparse(spec)})` in the body", 0.55)
            )
    return found


def _same_class_evidence(fn: FunctionSource, name: str) -> list[Evidence]:
    """In a method, ``other`` (the binary-method idiom) or a parameter whose attributes are also
    ``self``'s attributes is probably an instance of the same class."""
    owner = owner_classes(fn.module).get(id(fn.node))
    args = fn.node.args.args
    if owner is None or not args or args[0].arg != "self" or name == "self":
        return []
    found: list[Evidence] = []
    if name == "other":
        found.append(Evidence(owner, "binary-method", f"`other` in a method of {owner}", 0.35))
    own_attrs: set[str] = set()
    param_attrs: set[str] = set()
    for item in body_nodes(fn.node):
        if isinstance(item, ast.Attribute) and isinstance(item.value, ast.Name):
            if item.value.id == "self":
                own_attrs.add(item.attr)
            elif item.value.id == name:
                param_attrs.add(item.attr)
    shared = sorted(own_attrs & param_attrs)
    if shared:
        found.append(Evidence(owner, "attributes", f"`{name}.{shared[0]}` mirrors `self.{shared[0]}`", 0.4))
    return found


@parameter_rule("docstring")
def docstring_types(site: Site) -> list[Evidence]:
    """``Args: name (int): ...`` gives the type; a description in words is read for one."""
    doc = parsed_docstring(site.fn)
    found: list[Evidence] = []
    if doc is None:
        return found
    for item in doc.params:
        if item.arg_name != site.name:
            continue
        hint = doc_type(item.type_name)
        if hint:
            found.append(Evidence(hint, "docstring", f"the docstring types `{site.name}` as {hint}", 0.7))
        else:
            found += described_type_evidence(item.description, f"`{site.name}`")
    return found


@parameter_rule("isinstance")
def isinstance_types(site: Site) -> list[Evidence]:
    return _isinstance_types(site.fn, site.name or "")


@parameter_rule("usage")
def usage_types(site: Site) -> list[Evidence]:
    return usage_evidence(site.fn.node, site.name or "", site.typer)


@parameter_rule("streams")
def stream_types(site: Site) -> list[Evidence]:
    return stream_usage_evidence(site.fn, site.name or "", site.typer)


@parameter_rule("named-types")
def named_types(site: Site) -> list[Evidence]:
    return named_type_evidence(site.fn, site.name or "")


@parameter_rule("module")
def module_convention(site: Site) -> list[Evidence]:
    return _module_convention(site.fn, site.name or "")


@parameter_rule("call-sites")
def call_sites(site: Site) -> list[Evidence]:
    return call_site_evidence(site.fn, site.name or "")


@parameter_rule("package")
def package_convention(site: Site) -> list[Evidence]:
    return package_evidence(site.ir.metadata.source_path, site.name or "")


@parameter_rule("same-class")
def same_class(site: Site) -> list[Evidence]:
    return _same_class_evidence(site.fn, site.name or "")


@parameter_rule("override")
def overrides(site: Site) -> list[Evidence]:
    return override_evidence(site.fn, site.name)


@parameter_rule("attribute")
def attribute_sinks(site: Site) -> list[Evidence]:
    return attribute_sink_evidence(site.fn, site.name or "")


@parameter_rule("protocol")
def protocol_parameters(site: Site) -> list[Evidence]:
    return protocol_parameter_evidence(site.fn, site.name or "") + protocol_family_evidence(
        site.fn, site.name
    )


@parameter_rule("type-parameter")
def type_parameters(site: Site) -> list[Evidence]:
    """A declaration without a body: the owner's type variables, weakly (below the naming prior)."""
    return type_parameter_evidence(site.fn, 0.12) if is_stub(site.fn.node) else []


def example_arguments(ir: IR, name: str) -> list[tuple[str, ast.expr]]:
    """(call text, argument) for each example call of the function that passes ``name``."""
    params = [
        p.name
        for p in ir.signature.parameters
        if p.kind.value in ("positional_only", "positional_or_keyword")
    ]
    found: list[tuple[str, ast.expr]] = []
    for example in ir.examples:
        call = parse_expr(example.call)
        if not isinstance(call, ast.Call):
            continue
        func = call.func
        if not (
            (isinstance(func, ast.Name) and func.id == ir.signature.name)
            or (isinstance(func, ast.Attribute) and func.attr == ir.signature.name)
        ):
            continue
        positional = (
            params[1:] if isinstance(func, ast.Attribute) and params[:1] in (["self"], ["cls"]) else params
        )
        bound = dict(zip(positional, call.args, strict=False))
        if any(isinstance(a, ast.Starred) for a in call.args):
            continue
        bound.update({k.arg: k.value for k in call.keywords if k.arg})
        if name in bound:
            found.append((example.call, bound[name]))
    return found


@parameter_rule("examples")
def example_types(site: Site) -> list[Evidence]:
    """The literal a doctest or IR example passes for the parameter (``f([1.0, 2.0], 0.5)``)."""
    seen = example_arguments(site.ir, site.name or "")
    kinds = [value_type(argument) for _, argument in seen]
    joined = join_types([k for k in kinds if k]) if kinds and all(kinds) else None
    if joined is None or joined == "None":
        return []
    call = seen[0][0]
    why = f"the example `{call}` passes {ast.unparse(seen[0][1])[:40]}"
    return [
        Evidence(joined, "example", why + (f" (and {len(seen) - 1} more)" if len(seen) > 1 else ""), SHOWN)
    ]


@parameter_rule("prose")
def prose_types(site: Site) -> list[Evidence]:
    """The docstring's running text (not its Args section) naming the parameter's type."""
    doc = parsed_docstring(site.fn)
    if doc is None:
        return []
    text = "\n\n".join(t for t in (doc.short_description, doc.long_description) if t)
    return prose_type_evidence(text, site.name or "")
