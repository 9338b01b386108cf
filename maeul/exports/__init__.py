"""Registered export tables: the same data on the command line and as web downloads."""
