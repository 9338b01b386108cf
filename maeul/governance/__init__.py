"""Governance councils and deliberation records (협치회의, 숙의공론)."""
