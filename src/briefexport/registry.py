"""Renderers are found through the entry-point group `briefexport.renderers`.

The built-in formats register there exactly as third-party packages do (see
pyproject.toml; a test holds `BUILT_IN` to those entries). As Sphinx does with
its builders, a built-in name is loaded without listing the installed
packages' entry points: importlib.metadata reads every distribution's metadata
with the email parser, a fifth of a one-edition build. The list is read once,
for a name that is not built in or to list every format, and loaded only when
its format is asked for. Two renderers claiming one name is an error whenever
the list is read, never a silent override.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from .errors import BriefExportError, RegistryError, RenderError, allowed_list, suggest
from .renderers.base import Renderer, missing_visits

if TYPE_CHECKING:
    from importlib.metadata import EntryPoint

    from .model import Bulletin
    from .styles import Style

GROUP = "briefexport.renderers"

# The formats this package ships: name -> "module:Class", as in pyproject.toml's entry points.
BUILT_IN = {
    "docx": "briefexport.renderers.docx:DocxRenderer",
    "epub": "briefexport.renderers.epub:EpubRenderer",
    "pdf": "briefexport.renderers.pdf:PdfRenderer",
    "text": "briefexport.renderers.outline:OutlineRenderer",
}


# Their files' suffixes, known without importing them (a test holds this to their classes): api.write refuses
# to write one format under another's suffix without loading any renderer but the one it writes.
BUILT_IN_SUFFIXES = frozenset({".docx", ".epub", ".pdf", ".txt"})


class Registry:
    def __init__(self, group: str = GROUP) -> None:
        self.group = group
        self._points: dict[str, EntryPoint] | None = None
        self._loaded: dict[str, type[Renderer]] = {}
        self._broken: dict[str, str] = {}  # why a plugin's code failed to load: it is not imported again
        self._added: dict[str, type[Renderer]] = {}

    def _entry_points(self) -> dict[str, EntryPoint]:
        if self._points is None:
            # Imported here: importlib.metadata pulls in the email package, a cost only a lookup should pay.
            from importlib.metadata import entry_points

            points: dict[str, EntryPoint] = {}
            for point in entry_points(group=self.group):
                seen = points[point.name].value if point.name in points else self._built_in().get(point.name)
                # The same distribution found twice on sys.path, or this package's own entry, is not a clash.
                if seen is not None and seen != point.value:
                    raise RegistryError(
                        f"two renderers are registered as {point.name!r}: {seen} and {point.value}; "
                        "uninstall one of the packages"
                    )
                points[point.name] = point
            self._points = points
        return self._points

    def _built_in(self) -> dict[str, str]:
        return BUILT_IN if self.group == GROUP else {}

    def names(self) -> list[str]:
        return sorted(set(self._built_in()) | set(self._entry_points()) | set(self._added))

    def usable(self) -> tuple[list[str], list[RegistryError]]:
        """Every registered format's name but those that fail to load (a broken plugin), and why each of
        those fails: one broken plugin stopped every build and check of every other format, and `formats()`
        offered it to a service. A built-in format is not loaded to know it."""
        names, broken = [], []
        for name in self.names():
            try:
                if self.built_in(name) is None:
                    self.get(name)
            except RegistryError as error:
                broken.append(error)
            else:
                names.append(name)
        return names, broken

    def loadable(self) -> list[type[Renderer]]:
        """The renderers that load, by name; a broken plugin left out (its error is its own format's, not
        one of another format's: a plugin with no name took over the docx format's error)."""
        return [self.get(name) for name in self.usable()[0]]

    def add(self, cls: type[Renderer]) -> None:
        """Register a renderer class in this process (for tests and embedding applications)."""
        if cls.name in self.names():
            raise RegistryError(f"a renderer named {cls.name!r} is already registered")
        self._check(cls, f"{cls.__module__}.{cls.__qualname__}")
        self._added[cls.name] = cls

    def get(self, name: str) -> type[Renderer]:
        """The renderer class of a format. Names are case-insensitive: "PDF" is "pdf"."""
        name = self._spelling(name)
        if name in self._added:
            return self._added[name]
        if name in self._loaded:
            return self._loaded[name]
        if name in self._broken:  # each formats() or usable() of a service tried its import again (a review)
            raise RegistryError(self._broken[name])
        where = self._built_in().get(name)
        point = None
        if where is None:
            point = self._entry_points().get(name)
            if point is None:
                usable = self.usable()[0]
                raise RegistryError(
                    f"unknown format {name!r}{suggest(name.lower(), usable)}; formats: {allowed_list(usable)}"
                )
            where = point.value
        self._loaded[name] = cls = self._load(name, where, point)
        return cls

    def _load(self, name: str, where: str, point: EntryPoint | None) -> type[Renderer]:
        """The renderer class at `where` (an entry point's value, or a built-in module's), checked. A plugin
        whose code fails so every time (it cannot be imported, or is no renderer) is not imported again. Any
        other failure is tried again next time: a built-in's import cut short (no file descriptors left, a
        caller's time limit raised from a signal handler) is raised as it is, a plugin's as a RegistryError
        (a broken plugin must not take the CLI down with a traceback). A service's one such failure had
        been remembered, and every later edition of that format refused, until it restarted."""
        try:
            loaded = point.load() if point else _import(where)
        except Exception as exc:
            if point is None and not isinstance(exc, ImportError):
                raise
            error = RegistryError(f"renderer {name!r} ({where}) failed to load: {type(exc).__name__}: {exc}")
            if point is not None and isinstance(exc, ImportError | SyntaxError | AttributeError):
                self._broken[name] = error.message
            raise error from None
        try:
            cls = self._check(loaded, where)
            if cls.name != name:
                raise RegistryError(f"entry point {name!r} ({where}) is a renderer named {cls.name!r}")
        except RegistryError as error:
            self._broken[name] = error.message
            raise
        return cls

    def built_in(self, name: str) -> str | None:
        """The built-in format `name` means, in its registered spelling, or None: nothing is loaded."""
        spelt = self._spelling(name)
        return spelt if spelt in self._built_in() and spelt not in self._added else None

    def _spelling(self, name: str) -> str:
        """The name a format is registered under, matched regardless of case; `name` itself when there is none.

        Names added in process and built-in ones are tried first, so that "PDF" loads the built-in without
        reading the installed packages' entry points; a plugin may still register a name with capitals.
        """
        known = (*self._added, *self._loaded, *self._built_in())
        if name in known:
            return name
        folded = name.casefold()
        for candidate in known:
            if candidate.casefold() == folded:
                return candidate
        points = self._entry_points()
        if name in points:
            return name
        return next((candidate for candidate in points if candidate.casefold() == folded), name)

    @staticmethod
    def _check(cls: object, where: str) -> type[Renderer]:
        """A renderer class, checked when it loads for what every build and listing reads of it: a plugin
        missing one failed later, with a traceback (formats, a build of every format), or only on the
        first bulletin holding the block it cannot visit."""
        if not (isinstance(cls, type) and issubclass(cls, Renderer)):
            raise RegistryError(f"{where} is not a briefexport Renderer subclass")
        for attribute in ("name", "suffix", "media_type"):
            if not isinstance(getattr(cls, attribute, None), str) or not getattr(cls, attribute):
                raise RegistryError(f"{where} has no {attribute} (a non-empty string); see 'Writing a renderer plugin'")
        if not cls.suffix.startswith(".") or len(cls.suffix) < 2 or "/" in cls.suffix or "\\" in cls.suffix:
            raise RegistryError(f"{where}: suffix {cls.suffix!r} must be a file name's ending such as '.md'")
        missing = missing_visits(cls)
        if missing:
            methods = ", ".join(f"visit_{kind}" for kind in missing)
            raise RegistryError(f"{where} has no {methods}: a renderer visits every kind of block")
        return cls

    def spelling(self, name: str) -> str:
        """The name a format is registered under, whatever its case ("TEXT" is "text")."""
        return self._spelling(name)


def rendered(cls: type[Renderer], bulletin: Bulletin, style: Style) -> bytes:
    """`cls`'s edition of `bulletin`. A plugin's failure, an exception of its own or a result that is not
    bytes, is a RenderError naming it, so that a broken plugin fails its source on one line and other
    formats still build; a built-in renderer's bug is raised as it is, to be fixed."""
    where = f"{cls.__module__}:{cls.__qualname__}"
    try:
        data = cls().render(bulletin, style)
    except BriefExportError:
        raise
    except Exception as exc:
        if cls.__module__.partition(".")[0] == __name__.partition(".")[0]:  # briefexport's own: a bug
            raise
        raise RenderError(f"the {cls.name} renderer ({where}) failed: {type(exc).__name__}: {exc}") from exc
    if not isinstance(data, bytes):
        raise RenderError(f"the {cls.name} renderer ({where}) returned {type(data).__name__}, not bytes")
    return data


def _import(where: str) -> Any:
    """The object a "module:name" entry names."""
    module, _, name = where.partition(":")
    return getattr(import_module(module), name)


registry = Registry()
