"""Notifications: what changed, told to the people it concerns (issue 15)."""
