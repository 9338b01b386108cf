"""Participation points (주민참여포인트제) and market vouchers."""
