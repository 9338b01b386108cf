"""Participatory budgeting (주민참여예산제): cycles, proposals, screening, deliberation, votes, results, execution."""
