"""Steps by name, so that a run config can list them (`@register("quotes")`)."""
from __future__ import annotations

from collections.abc import Callable

from .errors import ConfigError

STEPS: dict[str, type] = {}


def register(name: str) -> Callable[[type], type]:
    def add(cls: type) -> type:
        STEPS[name] = cls
        cls.name = name
        return cls

    return add


def build_step(name: str, **options):
    """The step registered as `name`, built with `options`; an unknown name lists the known ones."""
    try:
        cls = STEPS[name]
    except KeyError:
        known = ", ".join(sorted(STEPS))
        raise ConfigError(f"unknown step {name!r}. Available steps: {known}") from None
    return cls(**options)
