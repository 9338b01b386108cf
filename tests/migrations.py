"""Moving the test database along the migration graph, for tests of data migrations.

Such a test goes back to the migration before the one it checks and forward again. It must
end on the graph's leaves, not on the migration it checks: stopping there would leave every
later test on that database without the tables added since.
"""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.db.migrations.executor import MigrationExecutor


def migrate(targets: list[tuple[str, str]]) -> Any:
    """Migrate to ``targets``; the historical models there (``apps``) for reading old rows."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


def migrate_to_latest() -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
