"""The first worker of a build, forked before the command line is parsed.

A build's longest chain is usually one worker's: it loads the heaviest
renderer (ReportLab, a quarter of a second) and then renders. That worker
need not wait for click and the command's modules to load in this process:
`early` reads the arguments of `briefexport build` without them, forks worker
0 of the pool the build will ask for, and click parses the command line
while that worker loads. The reading is only a guess. The build makes its
pool from what click parsed (`shape`), and takes the early worker only when
that pool is exactly the one guessed; otherwise it ends the early worker and
forks a new one. Anything the guess does not know (help, an unknown option,
an odd spelling) means no early worker.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from .workers import Shape, Workers, available, default_jobs, language_hints

# The options of `briefexport build` that take a value, and its flags (a test holds both to cli.build).
VALUE_OPTIONS = {
    "-f": "formats",
    "--format": "formats",
    "-j": "jobs",
    "--jobs": "jobs",
    "-s": "",
    "--style": "",
    "--style-dir": "",
    "-o": "",
    "--out-dir": "",
}
FLAGS = {"--print", "--force", "-q", "--quiet", "--json"}


def split_formats(values: Iterable[str]) -> list[str] | None:
    """The names given to -f (comma-separated or repeated); None when none were given."""
    return [name.strip() for value in values for name in value.split(",") if name.strip()] or None


def shape(sources: Sequence[Path], formats: list[str] | None, jobs: int | None) -> Shape | None:
    """The worker pool for a build: (count, formats, languages, every_format), or None for one process."""
    jobs = jobs or default_jobs()
    if jobs <= 1 or not available():
        return None
    count = min(jobs, len(sources) * len(formats)) if formats else jobs
    return count, formats, language_hints(sources), len(sources) > 1


def guess(argv: Sequence[str]) -> Shape | None:
    """The pool `briefexport build ...` will ask for, read from `argv` without click; None if unsure."""
    if not argv or argv[0] != "build":
        return None
    values: dict[str, list[str]] = {"formats": [], "jobs": [], "": []}
    sources: list[str] = []
    args = iter(argv[1:])
    for arg in args:
        if arg == "--":
            sources.extend(args)
        elif arg in FLAGS:
            continue
        elif arg.startswith("--") and "=" in arg and arg.partition("=")[0] in VALUE_OPTIONS:
            name, _, value = arg.partition("=")
            values[VALUE_OPTIONS[name]].append(value)
        elif arg in VALUE_OPTIONS:
            value = next(args, None)
            if value is None:
                return None
            values[VALUE_OPTIONS[arg]].append(value)
        elif len(arg) > 2 and arg[:2] in VALUE_OPTIONS and not arg.startswith("--"):  # -fpdf, -j2
            values[VALUE_OPTIONS[arg[:2]]].append(arg[2:])
        elif arg.startswith("-") and arg != "-":
            return None  # help, or an option this reading does not know
        else:
            sources.append(arg)
    if not sources:
        return None
    jobs = values["jobs"][-1] if values["jobs"] else None
    if jobs is not None and not (jobs.isdigit() and 1 <= int(jobs) <= 64):
        return None
    return shape([Path(s) for s in sources], split_formats(values["formats"]), int(jobs) if jobs else None)


def early(argv: Sequence[str]) -> Workers | None:
    """Worker 0 of the guessed pool, already loading its formats; None when there is no guess."""
    guessed = guess(argv)
    if guessed is None:
        return None
    count, formats, languages, every_format = guessed
    return Workers(count, formats, languages, every_format, first_only=True)
