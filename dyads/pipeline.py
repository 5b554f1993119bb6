"""The default pipeline and the library calls the CLI is a thin layer over."""
from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from .models import Article, Failure
from .readers import read_inputs
from .registry import STEPS, build_step
from .runners.local import LocalRunner
from .steps.base import Step

DEFAULT_STEPS = ("clean", "parse", "actors", "quotes", "events", "geo", "dedup")


def load_steps(names: Iterable[str] = DEFAULT_STEPS) -> None:
    """Import the modules of the built-in steps `names` so that their @register lines run."""
    for name in names:
        if name not in STEPS and importlib.util.find_spec(f"dyads.steps.{name}") is not None:
            importlib.import_module(f"dyads.steps.{name}")


def build_steps(names: Iterable[str] = DEFAULT_STEPS, options: dict[str, dict[str, Any]] | None = None) -> list[Step]:
    """The steps `names`, each built with its options from `options[name]`."""
    names = list(names)
    load_steps(names)
    options = options or {}
    return [build_step(n, **options.get(n, {})) for n in names]


def process(inputs: Iterable[str | Path], *, steps: list[Step] | None = None,
            on_failure: Callable[[Failure], None] | None = None) -> tuple[Iterator[Article], LocalRunner]:
    """Read `inputs` (paths, folders, '-') and run the pipeline; returns (articles, runner).

    The articles are produced lazily; `runner.stats` is complete once they are consumed.
    """
    runner = LocalRunner(steps if steps is not None else build_steps(), on_failure=on_failure)
    return runner.run(read_inputs(inputs)), runner


def process_text(text: str, *, id: str = "text", title: str = "", published: str = "",
                 html: bool = False) -> Article:
    """Run the whole pipeline on one text (or HTML string) and return the article."""
    article = Article(id=id, origin="text", title=title, published=published,
                      html=text if html else None, raw_text=None if html else text)
    runner = LocalRunner(build_steps())
    out = list(runner.run([article]))
    if not out:
        f = runner.stats.failures[0]
        raise ValueError(f"{f.reason}: {f.detail}")
    return out[0]


__all__ = ["DEFAULT_STEPS", "STEPS", "build_steps", "process", "process_text"]
