"""Runs of text as the loader gathers them: joined, trimmed, cut."""

from __future__ import annotations

import dataclasses
import re

from ..model import LINE_BREAK, Run, Runs

SPACES = re.compile(r"[ \t\n]+")


def clipped(text: str, limit: int = 40) -> str:
    """`text` to quote in an error: at most `limit` characters of it, "…" for the rest."""
    return text if len(text) <= limit else text[:limit] + "…"


def joins(last: Run, run: Run) -> bool:
    """Whether `run` continues `last` as one run: the same look and language, and neither a hard break."""
    return LINE_BREAK not in (last.text, run.text) and (last.emphasis, last.strong, last.url, last.lang, last.note) == (
        run.emphasis,
        run.strong,
        run.url,
        run.lang,
        run.note,
    )


def trim(runs: list[Run]) -> list[Run]:
    """Collapse runs of spaces left by line breaks, strip the paragraph's ends and the spaces around a hard
    break (a break at either end is dropped: it breaks no line)."""
    out = []
    for run in runs:
        # runs() makes each soft line break one space, so most runs need no regex (it was a fifth of a parse).
        if run.text != LINE_BREAK and ("  " in run.text or "\t" in run.text or "\n" in run.text):
            run = dataclasses.replace(run, text=SPACES.sub(" ", run.text))
        out.append(run)
    for i, run in enumerate(out):
        if run.text == LINE_BREAK:
            if i:
                out[i - 1] = _strip(out[i - 1], end=True)
            if i + 1 < len(out):
                out[i + 1] = _strip(out[i + 1], end=False)
    if out:
        out[0] = _strip(out[0], end=False)
        out[-1] = _strip(out[-1], end=True)
    out = [r for r in out if r.text]
    while out and out[0].text == LINE_BREAK:
        out = trim(out[1:])
    while out and out[-1].text == LINE_BREAK:
        out = trim(out[:-1])
    return out


def _strip(run: Run, end: bool) -> Run:
    """The run without spaces at its end (or start); a hard break stays as it is."""
    if run.text == LINE_BREAK:
        return run
    text = run.text.rstrip() if end else run.text.lstrip()
    return run if text == run.text else dataclasses.replace(run, text=text)


def drop(runs: Runs, count: int) -> Runs:
    """The runs without their first `count` characters (a dash, a label the model does not keep), trimmed."""
    out = list(runs)
    while out and count > 0:
        first = out.pop(0)
        if len(first.text) > count:
            out.insert(0, dataclasses.replace(first, text=first.text[count:]))
        count -= len(first.text)
    return tuple(trim(out))


def in_language(runs: Runs, lang: str | None) -> Runs:
    """Runs of a paragraph written in `lang` ({lang=…} before it): each run carries it unless it has its own."""
    if lang is None:
        return runs
    return tuple(run if run.lang else dataclasses.replace(run, lang=lang) for run in runs)


def without_prefix(runs: Runs, length: int) -> Runs:
    """The runs without their first `length` characters (a "Credit:" label), spaces after it dropped."""
    out: list[Run] = []
    for run in runs:
        cut = min(length, len(run.text))
        length -= cut
        text = run.text[cut:]
        if not out:
            text = text.lstrip()
        if text:
            out.append(dataclasses.replace(run, text=text))
    return tuple(out)


def plain_text(runs: Runs) -> str:
    return "".join(run.text for run in runs)
