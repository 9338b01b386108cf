"""Resident decisions by vote (주민결정): polls, ballots, tallies."""
