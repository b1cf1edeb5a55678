"""The package version: pyproject.toml reads it from here, so there is one place to change it."""

__version__ = "0.1.0"
