"""Renderers are found through the entry-point group `briefexport.renderers`.

The built-in formats register there exactly as third-party packages do (see
pyproject.toml), so the plugin path is the one every build takes. Entry points
are listed once and loaded only when their format is asked for; two renderers
claiming one name is an error, never a silent override.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import RegistryError, allowed_list, suggest
from .renderers.base import Renderer

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

GROUP = "briefexport.renderers"


class Registry:
    def __init__(self, group: str = GROUP) -> None:
        self.group = group
        self._points: dict[str, EntryPoint] | None = None
        self._loaded: dict[str, type[Renderer]] = {}
        self._added: dict[str, type[Renderer]] = {}

    def _entry_points(self) -> dict[str, EntryPoint]:
        if self._points is None:
            # Imported here: importlib.metadata pulls in the email package, a cost only a lookup should pay.
            from importlib.metadata import entry_points

            points: dict[str, EntryPoint] = {}
            for point in entry_points(group=self.group):
                seen = points.get(point.name)
                # The same distribution found twice on sys.path is not a clash.
                if seen is not None and seen.value != point.value:
                    raise RegistryError(
                        f"two renderers are registered as {point.name!r}: {seen.value} and {point.value}; "
                        "uninstall one of the packages"
                    )
                points[point.name] = point
            self._points = points
        return self._points

    def names(self) -> list[str]:
        return sorted(set(self._entry_points()) | set(self._added))

    def add(self, cls: type[Renderer]) -> None:
        """Register a renderer class in this process (for tests and embedding applications)."""
        if cls.name in self._entry_points() or cls.name in self._added:
            raise RegistryError(f"a renderer named {cls.name!r} is already registered")
        self._check(cls, f"{cls.__module__}.{cls.__qualname__}")
        self._added[cls.name] = cls

    def get(self, name: str) -> type[Renderer]:
        if name in self._added:
            return self._added[name]
        if name in self._loaded:
            return self._loaded[name]
        point = self._entry_points().get(name)
        if point is None:
            raise RegistryError(
                f"unknown format {name!r}{suggest(name, self.names())}; formats: {allowed_list(self.names())}"
            )
        try:
            cls = point.load()
        except Exception as exc:  # a broken plugin must not take the CLI down with a traceback
            raise RegistryError(
                f"renderer {name!r} ({point.value}) failed to load: {type(exc).__name__}: {exc}"
            ) from None
        self._check(cls, point.value)
        if cls.name != name:
            raise RegistryError(f"entry point {name!r} ({point.value}) is a renderer named {cls.name!r}")
        self._loaded[name] = cls
        return cls

    @staticmethod
    def _check(cls: object, where: str) -> None:
        if not (isinstance(cls, type) and issubclass(cls, Renderer)):
            raise RegistryError(f"{where} is not a briefexport Renderer subclass")


registry = Registry()
