"""Deferred imports: a module our dependencies import at start-up, but a render never calls, is
loaded on its first use instead.

``nbformat`` imports ``jsonschema``, whose format checkers import ``rfc3987_syntax``, which
builds a Lark grammar when imported: about 0.9 s of CPU in every process that reads a notebook
(the ``jinshui`` command and each warm render worker), for the ``iri`` / ``iri-reference``
string formats that no notebook schema uses.  :func:`install` (run when
:mod:`jinshui_analysis.render` is imported, before anything imports ``nbformat``) puts a
stand-in in :data:`sys.modules`: its ``is_valid_syntax`` — the one name ``jsonschema`` takes —
and any other attribute import the real module on first use, so IRI validation still works,
only later.  Measured by ``benchmarks/render.py`` (profile in ``benchmarks/README.md``).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from typing import Any

__all__ = ["install"]

#: Modules replaced by a stand-in until first use, with the names importers take from them.
DEFERRED = {"rfc3987_syntax": ("is_valid_syntax",)}


class _StandIn(types.ModuleType):
    """A module object that imports the real module when any of its names is used."""

    def _real(self) -> types.ModuleType:
        real = self.__dict__.get("_real_module")
        if real is None:
            name = self.__name__
            if sys.modules.get(name) is self:
                del sys.modules[name]
            real = importlib.import_module(name)
            self.__dict__["_real_module"] = real
        return real

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)  # no import for introspection (copy, pickle, doctest)
        return getattr(self._real(), attr)


def _forwarder(module: _StandIn, attr: str) -> Any:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(module._real(), attr)(*args, **kwargs)

    call.__name__ = call.__qualname__ = attr
    call.__doc__ = f"``{module.__name__}.{attr}``, imported on first call."
    return call


def install() -> None:
    """Put the stand-ins in :data:`sys.modules` (not for a module already imported or absent)."""
    for name, attrs in DEFERRED.items():
        if name in sys.modules:
            continue
        try:
            if importlib.util.find_spec(name) is None:
                continue
        except (ImportError, ValueError):
            continue
        stand_in = _StandIn(name, f"stand-in for {name}, imported on first use")
        for attr in attrs:
            setattr(stand_in, attr, _forwarder(stand_in, attr))
        sys.modules[name] = stand_in
