"""The search tests reuse the participatory-budgeting cycle fixtures (a Geumcheon cycle in its
proposal phase) to have proposals to find."""

from tests.budgeting.conftest import cycle, manager, setup_cycle  # noqa: F401
