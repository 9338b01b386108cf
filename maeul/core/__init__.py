"""Shared web shell: layout, language handling, municipality home pages, the demo command."""
