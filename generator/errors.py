"""The generator's errors: one root, each naming what failed and why."""

from __future__ import annotations


class GeneratorError(Exception):
    """Root of every error the generator reports to the user (the CLI prints it, no traceback)."""

    exit_code = 1


class ConfigError(GeneratorError):
    """The site configuration or a command-line override is invalid."""

    exit_code = 2


class SeedError(GeneratorError):
    """One seed cannot be turned into an article; the build skips it and goes on."""

    def __init__(self, seed_name: str, reason: str) -> None:
        super().__init__(f"{seed_name}: {reason}")
        self.seed_name = seed_name
        self.reason = reason


class ThemeError(GeneratorError):
    """The theme is missing or one of its templates fails to render."""


class BuildError(GeneratorError):
    """The build as a whole failed (or, with --strict, finished with skipped seeds)."""

    exit_code = 3
