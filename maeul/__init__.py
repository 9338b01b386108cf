"""Maeul (마을): an open-source participatory-governance platform for local governments."""

__version__ = "0.1.0"
