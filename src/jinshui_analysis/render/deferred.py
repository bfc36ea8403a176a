"""Deferred imports: a module our dependencies import at start-up, but a render never calls, is
loaded on its first use instead.

``nbformat`` imports ``jsonschema``, whose format checkers import ``rfc3987_syntax``, which
builds a Lark grammar when imported: about 0.9 s of CPU in every process that reads a notebook
(the ``jinshui`` command and each warm render worker), for the ``iri`` / ``iri-reference``
string formats that no notebook schema uses.  :func:`install` (run when
:mod:`jinshui_analysis.render` is imported, before anything imports ``nbformat``) adds an import
finder (:data:`sys.meta_path`, the import system's own hook) that answers the first import of
such a module with a light module object: its ``is_valid_syntax`` — the one name ``jsonschema``
takes — and any other attribute import the real module on first use, so IRI validation still
works, only later.  Measured by ``benchmarks/render.py`` (see ``benchmarks/README.md``).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import types
from collections.abc import Iterator
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
            with _FINDER.passing(name):
                if sys.modules.get(name) is self:
                    sys.modules.pop(name)
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


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Answers the first import of a :data:`DEFERRED` module (one that is installed) with a
    :class:`_StandIn`; steps aside while the stand-in imports the real one."""

    def __init__(self) -> None:
        self._passing: set[str] = set()

    @contextlib.contextmanager
    def passing(self, name: str) -> Iterator[None]:
        self._passing.add(name)
        try:
            yield
        finally:
            self._passing.discard(name)

    def find_spec(self, fullname: str, path: Any = None, target: Any = None
                  ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in DEFERRED or fullname in self._passing:
            return None
        try:
            if importlib.machinery.PathFinder.find_spec(fullname, path) is None:
                return None  # not installed: the importer's ImportError, as without us
        except (ImportError, ValueError):
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType:
        return _StandIn(spec.name, f"stand-in for {spec.name}, imported on first use")

    def exec_module(self, module: types.ModuleType) -> None:
        for attr in DEFERRED[module.__name__]:
            setattr(module, attr, _forwarder(module, attr))  # type: ignore[arg-type]


_FINDER = _Finder()


def install() -> None:
    """Add the finder to :data:`sys.meta_path` (once); a module already imported is left as
    it is."""
    if _FINDER not in sys.meta_path:
        sys.meta_path.insert(0, _FINDER)
