"""verify layer: z3 checking of IR assertions, sandboxed execution, validation of generated code.

Nothing here imports z3 at module level; the solver is loaded on the first check.
"""

from .counterexamples import find_counterexample, search_counterexample
from .reports import Check, CheckReport, SandboxResult, Untranslated, ValidationReport
from .sandbox import run_python
from .solver import check_assertions, check_ir, solve_inputs
from .translate import Untranslatable
from .validate import validate_code

__all__ = [
    "Check",
    "CheckReport",
    "SandboxResult",
    "Untranslatable",
    "Untranslated",
    "ValidationReport",
    "check_assertions",
    "check_ir",
    "find_counterexample",
    "run_python",
    "search_counterexample",
    "solve_inputs",
    "validate_code",
]
