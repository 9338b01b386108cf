"""Pure-Python decision engines.

Nothing under this package may import Django (an import-contract test enforces it): the
engines are the part of Maeul that researchers and auditors check by hand, and they must run
from the command line and in notebooks without a database or settings.
"""
