"""Places: the municipality tree (metropolitan city or province -> city or district -> dong)."""
