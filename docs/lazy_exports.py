"""A Griffe extension for the reference site: document every name in briefexport's `__all__`.

Reading the package's source, Griffe can miss a public name two ways: the package imports it
only when first used (a module `__getattr__`), so it is in `__all__` and nowhere else; or the
name is also a submodule's, and Griffe keeps the submodule where Python keeps the function.
For each such name this adds, or puts back, an alias to the object a submodule defines under
that name. A name no submodule defines is a warning, which
fails `mkdocs build --strict`: the reference never silently leaves out part of the public API.
"""

from __future__ import annotations

from typing import Any

import griffe

logger = griffe.get_logger(__name__)

PACKAGE = "briefexport"


class LazyExports(griffe.Extension):
    def on_package(self, *, pkg: griffe.Module, loader: griffe.GriffeLoader, **kwargs: Any) -> None:
        if pkg.path != PACKAGE:
            return
        for export in pkg.exports or ():
            name = str(export)
            member = pkg.members.get(name)
            if member is not None and not member.is_module:
                continue
            defined = [
                module.members[name]
                for module in pkg.modules.values()
                if name in module.members and not module.members[name].is_alias
            ]
            if len(defined) != 1:
                where = ", ".join(obj.path for obj in defined) or "no submodule"
                logger.warning(f"{PACKAGE}.__all__ names {name!r}, defined in {where}")
                continue
            pkg.set_member(name, griffe.Alias(name, defined[0], parent=pkg))
