"""Job kinds registered for these tests only: work that writes rows and a file and then
succeeds, refuses or crashes, and work that waits at a gate so a page can watch it run."""

from __future__ import annotations

import threading
from typing import Any

from maeul.core.errors import Conflict
from maeul.jobs.kinds import JobKind, register
from maeul.jobs.runner import Runner
from maeul.places.models import Municipality, MunicipalityKind


def write_rows(run: Runner) -> None:
    """Adds ``rows`` dongs under the job's municipality and a CSV of their names; then does
    what ``fail`` says: nothing, refuse (a service error) or crash (a bug)."""
    names = []
    for number in range(int(run.params.get("rows", 3))):
        dong = Municipality.objects.create(
            slug=f"job-dong-{run.job.pk}-{number}",
            name=f"작업동{number}",
            name_en=f"Job dong {number}",
            kind=MunicipalityKind.DONG,
            parent=run.municipality,
        )
        names.append(dong.name)
        run.report(10 + number * 10, f"row {number}")
    run.save_file("dongs.csv", ("\n".join(names) + "\n").encode(), "text/csv")
    if run.params.get("fail") == "refuse":
        raise Conflict("행 3의 금액이 합계와 맞지 않습니다. / Row 3 does not add up.")
    if run.params.get("fail") == "crash":
        raise RuntimeError("a bug in the work")
    run.summary(f"{len(names)} rows")
    run.link("/places/")


WRITE_ROWS = register(JobKind(code="tests.write_rows", title="Write rows", work=write_rows))

GATE = threading.Event()


def gated(run: Runner) -> None:
    run.report(40, "halfway")
    if not GATE.wait(60):
        raise RuntimeError("the gate was never opened")
    run.save_file("result.txt", b"all done\n", "text/plain")
    run.summary("all done")


GATED = register(JobKind(code="tests.gated", title="Gated work", work=gated, atomic=False))


def start(owner: Any, kind: str = WRITE_ROWS.code, municipality: Any = None, **params: Any) -> Any:
    from maeul.jobs.services import start as start_job

    return start_job(kind, owner, params, municipality=municipality)
