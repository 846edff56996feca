"""Lazy attributes for package ``__init__`` modules (as sacrebleu's registry): heavy modules load on first use; and
sequences whose items are made when read."""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any, Callable, Sequence, TypeVar, overload

T = TypeVar("T")


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


class MadeOnRead(Sequence[T]):
    """A read-only sequence whose items are made when read (``_item(position)``), for what a huge document holds
    as columns: indexing (negative too), slices and iteration as a list gives them."""

    __slots__ = ()

    def _item(self, position: int) -> T:
        raise NotImplementedError

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self._item(i) for i in range(*index.indices(len(self)))]
        position = index + len(self) if index < 0 else index
        if not 0 <= position < len(self):
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._item(position)
