"""Accounts: residents, officials, identity verification and the permission functions."""
