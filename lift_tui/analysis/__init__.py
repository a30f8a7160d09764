"""Static analysis of Python source shared by reverse mode and the holes layer: parsed modules
(cached) and their indexes, the types literals spell, result types of builtins and library calls,
expression typing, and imports, classes and members resolved without importing or running the
analysed code.

Only ``ast`` and the standard library: reverse mode's start-up imports pieces of it. Nothing here
is imported until a submodule is.
"""
