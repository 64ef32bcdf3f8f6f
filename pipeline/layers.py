"""The package's layering, declared once: which group of modules may import which.

Groups, top to bottom: the command line; the Python API; running extractions; tools that work
on outputs; outputs (schema, validation, tables, writers); the parsing stages; PDF reading;
language vocabulary; the base (model, errors, file and text helpers). A module may import its
own group and the groups listed for it, never a group above. ``tests/test_layering.py`` reads
every import with :mod:`ast` and fails on an arrow against this table or on an import cycle.
"""

from __future__ import annotations

#: module prefix (dotted, under ``pipeline``) → group; the longest matching prefix wins
GROUPS: dict[str, str] = {
    "pipeline.cli": "cli",
    "pipeline.cli_app": "cli",  # the typer declarations of every command
    "pipeline.extract_command": "cli",  # extract's body, its command line read without typer
    "pipeline.__main__": "cli",
    "pipeline.commands": "cli",  # the secondary commands' bodies
    "pipeline": "api",  # pipeline/__init__.py: the library entry point
    "pipeline.api": "api",
    "pipeline.run": "run",
    "pipeline.tools": "tools",
    "pipeline.out": "out",
    "pipeline.parse": "parse",
    "pipeline.read": "read",
    "pipeline.lang": "lang",
    "pipeline.model": "base",
    "pipeline.errors": "base",
    "pipeline.fsutil": "base",
    "pipeline.textnorm": "base",
    "pipeline.vocab": "base",
    "pipeline.layers": "base",
    "pipeline.timings": "base",
    "pipeline.gcpolicy": "base",
    "pipeline.regexcache": "base",
    "pipeline.records": "base",
    "pipeline.recache": "base",
    "pipeline.usercache": "base",
    "pipeline.distinfo": "base",
}

#: group → the other groups it may import
MAY_IMPORT: dict[str, frozenset[str]] = {
    "cli": frozenset({"api", "run", "tools", "out", "parse", "read", "lang", "base"}),
    "api": frozenset({"run", "out", "parse", "read", "lang", "base"}),
    "run": frozenset({"out", "parse", "read", "lang", "base"}),
    "tools": frozenset({"out", "read", "lang", "base"}),
    "out": frozenset({"lang", "base"}),
    "parse": frozenset({"read", "lang", "base"}),
    "read": frozenset({"lang", "base"}),
    "lang": frozenset({"base"}),
    "base": frozenset(),
}


def group_of(module: str) -> str:
    """The group of a dotted module name under ``pipeline``."""
    best = max((p for p in GROUPS if module == p or module.startswith(p + ".")), key=len)
    return GROUPS[best]
