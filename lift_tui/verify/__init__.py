"""verify layer: z3 checking of IR assertions, sandboxed execution, validation of generated code.

Nothing here imports z3 at module level; the solver is loaded on the first check.
"""

from .reports import Check, CheckReport, SandboxResult, Untranslated, ValidationReport
from .solver import check_assertions, check_ir, solve_inputs
from .translate import Untranslatable

__all__ = [
    "Check",
    "CheckReport",
    "SandboxResult",
    "Untranslatable",
    "Untranslated",
    "ValidationReport",
    "check_assertions",
    "check_ir",
    "solve_inputs",
]
