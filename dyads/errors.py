"""The exceptions dyads raises. The CLI turns them into messages; nothing else catches them."""


class DyadsError(Exception):
    """Base of every error dyads raises on purpose."""


class ConfigError(DyadsError):
    """A wrong setting or a missing dependency, found when a step is built."""


class InputError(DyadsError):
    """An input path or source that cannot be read at all."""
