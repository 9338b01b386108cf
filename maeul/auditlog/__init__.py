"""The hash-chained, append-only audit log (RELIABILITY P8)."""
