"""Lazy attributes for package ``__init__`` modules (as sacrebleu's registry): heavy modules load on first use."""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any, Callable


def lazy_attributes(module_name: str, table: dict[str, str], namespace: dict[str, Any]) -> tuple[
    Callable[[str], Any], Callable[[], list[str]]
]:
    """A module-level ``__getattr__`` and ``__dir__`` that import ``"module:attribute"`` targets when first asked for.

    Args:
        module_name: the package's name, for the error message.
        table: public name -> ``"module.path:attribute"``.
        namespace: the package's ``globals()``; a resolved value is cached there.
    """

    def __getattr__(name: str) -> Any:
        target = table.get(name)
        if target is None:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        path, attribute = target.split(":")
        value = getattr(importlib.import_module(path), attribute)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(namespace.get("__all__", table))

    return __getattr__, __dir__


def make_module_callable(module_name: str, function: Callable[..., Any]) -> None:
    """Let the package ``module_name`` be called as ``function``.

    ``multiling.segment`` and ``multiling.render`` are both packages (the stages' folders) and the functions users
    call. Once a package is imported, Python binds the parent's attribute to the package, hiding the lazily
    exported function of the same name; a callable package makes ``multiling.segment(text)`` work either way.
    """

    class _CallableModule(types.ModuleType):
        def __call__(self, *args: Any, **kwargs: Any) -> Any:
            return function(*args, **kwargs)

    sys.modules[module_name].__class__ = _CallableModule
