"""The resident's ballot of a cycle on a phone (issue 23 item 3): one flow across the cycle's
groups (분야) instead of one separate poll page per group.

Access: logged-in visitors (``login_required``); whether they may vote is the voting core's
own rule, asked through ``maeul.voting.interface`` and shown on each step. The choices made so
far live in the session (a draft, never a ballot: nothing is cast before the summary), so
Next and Back keep them and every step is a plain form that works without JavaScript.

Flow: ``ballot`` sends the visitor to the first group they have not voted in; each
``ballot_step`` shows one group's projects (in pages of ``PROJECTS_PER_PAGE``, the choices on
other pages kept) with the group's cap and the running total and refuses more choices than
the cap; ``ballot_summary`` lists every group's choices with one
idempotency key per group; ``ballot_cast`` casts each group's ballot through the voting core
(the voting core's cast limits count the request once) and answers with all the receipts together in the response itself (like the voting core's
own receipt page, receipts are never put in the session or a URL; a reload re-posts the same
keys and shows the same receipts).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page, Paginator
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maeul.budgeting import selectors
from maeul.budgeting.models import Cycle
from maeul.budgeting.selectors import BallotStep, ShownProject
from maeul.budgeting.views._common import cycle_context
from maeul.core.fragments import cached_html, digest
from maeul.core.ratelimit import too_many
from maeul.voting import interface as voting_interface

PROJECTS_PER_PAGE = 20
"""Projects shown at once on a step. A large group (a hundred feasible projects is not rare)
on one page was 73 KB and the dearest page of the resident side (issue 23's benchmark); in
pages of 20 the resident still chooses across the whole group, since the choices of the other
pages stay in the draft and are listed above the page."""


def _project_page(step: BallotStep, number: int | str | None) -> Page[Any]:
    """The page ``number`` of the step's projects, clamped to the pages there are."""
    return Paginator(step.projects, PROJECTS_PER_PAGE).get_page(number)


def _draft_key(cycle: Cycle) -> str:
    return f"pb-ballot-{cycle.pk}"


def _draft(request: HttpRequest, cycle: Cycle) -> dict[str, list[int]]:
    """The choices kept so far: proposal numbers per group code."""
    raw = request.session.get(_draft_key(cycle), {})
    return raw if isinstance(raw, dict) else {}


def _keep(request: HttpRequest, cycle: Cycle, code: str, numbers: list[int]) -> None:
    draft = _draft(request, cycle)
    draft[code] = numbers
    request.session[_draft_key(cycle)] = draft


def _flow(
    request: HttpRequest, slug: str, year: int, *, projects: bool = True
) -> tuple[Cycle, list[BallotStep]]:
    """The public cycle and the steps of its ballot this visitor may vote in; 404 when the
    cycle has no mobile vote. A group whose poll is for a roll the visitor is not on (the
    education/youth group run with the youth council) is left out of the flow — a step that
    could only refuse would stop every other resident at it — and named once, with why, on
    the first step and the summary (``_skipped``). With ``projects=False`` the steps come
    without their projects (``selectors.load_ballot_step`` reads those a page needs)."""
    cycle = selectors.ballot_cycle(slug, year)
    every = selectors.ballot_steps(cycle, projects=projects)
    if not every:
        raise Http404("ballot")
    off = voting_interface.polls_off_roll(request.user, [s.poll for s in every])
    skipped = [s for s in every if s.poll.pk in off]
    # Their notice names the body whose members vote there (``_ballot_skipped.html``).
    prefetch_related_objects([s.group for s in skipped], "voting_body")
    request.ballot_skipped = skipped  # type: ignore[attr-defined]
    return cycle, [s for s in every if s.poll.pk not in off]


def _skipped(request: HttpRequest) -> list[BallotStep]:
    return list(getattr(request, "ballot_skipped", []))


def _voted(request: HttpRequest, steps: list[BallotStep]) -> set[int]:
    return voting_interface.polls_taken_part(request.user, [s.poll for s in steps])


def _context(
    request: HttpRequest, cycle: Cycle, steps: list[BallotStep], voted: set[int]
) -> dict[str, Any]:
    context = cycle_context(request, cycle)
    context.update(
        steps=steps,
        total=len(steps),
        voted_groups=[s.group for s in steps if s.poll.pk in voted],
        skipped=_skipped(request),
    )
    return context


@login_required
@require_GET
def ballot(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Start or resume: the first group not yet voted in, or the summary when none is left."""
    cycle, steps = _flow(request, slug, year)
    voted = _voted(request, steps)
    for index, step in enumerate(steps, start=1):
        if step.poll.pk not in voted:
            return redirect("budgeting:ballot_step", slug, year, index)
    return redirect("budgeting:ballot_summary", slug, year)


def _numbers(request: HttpRequest, cycle: Cycle, step: BallotStep) -> list[int]:
    """The group's choices after this POST, in the group's project order: the ticks of the
    page that was shown (the form's ``page``) replace that page's earlier choices, and the
    choices kept from the group's other pages stay. A form without ``page`` showed the
    whole group, so its ticks are the whole choice."""
    offered = {p.number for p in step.projects}
    ticked = {int(v) for v in request.POST.getlist("project") if v.isdigit()} & offered
    if "page" in request.POST:
        shown = {p.number for p in _project_page(step, request.POST.get("page"))}
        kept = set(_draft(request, cycle).get(step.group.code, [])) & (offered - shown)
        ticked |= kept
    return [p.number for p in step.projects if p.number in ticked]


def _go_to_page(request: HttpRequest) -> int | None:
    """The page a pager button asked for (``go=page-N``), else None."""
    go = request.POST.get("go", "")
    if go.startswith("page-") and go[5:].isdigit():
        return int(go[5:])
    return None


PROJECTS_CACHE_SECONDS = 3600
"""How long a rendered page of a step's projects is kept. The key is what the page shows,
so this only bounds the memory of pages no one asks for any more."""


def _projects_html(cycle: Cycle, shown: list[Any], chosen: set[int]) -> SafeString:
    """The step's page of projects, each with its checkbox ticked when the resident chose it.

    The cards are the same for every resident (number, title, cost, photo, description,
    place and link), so they are rendered once per language and content and kept in the
    cache under a key made of all they show; the ticks are personal and never cached: they
    are put in afterwards, on each checkbox's own ``id`` (titles and descriptions are
    escaped, so no text can contain that attribute). Rendering the twenty cards was the
    largest part of the step's server CPU (issue 23)."""
    content = [(p.number, p.title, p.description, p.address, p.cost_won, p.image_pk) for p in shown]
    key = "budgeting:ballot-projects:" + digest(
        get_language(), cycle.municipality.slug, cycle.cycle_year, content
    )
    html = str(
        cached_html(
            key,
            PROJECTS_CACHE_SECONDS,
            lambda: render_to_string(
                "budgeting/_ballot_projects.html",
                {"projects": shown, "municipality": cycle.municipality, "cycle": cycle},
            ),
        )
    )
    for number in chosen & {p.number for p in shown}:
        box = f'id="project-{number}" aria-describedby='
        html = html.replace(box, f'id="project-{number}" checked aria-describedby=', 1)
    return mark_safe(str(html))  # our own template's output, escaped when it was rendered


def _step_page(
    request: HttpRequest,
    cycle: Cycle,
    steps: list[BallotStep],
    index: int,
    *,
    numbers: list[int] | None = None,
    error: str = "",
    page: int | str | None = None,
) -> HttpResponse:
    step = steps[index - 1]
    voted = _voted(request, steps)
    if numbers is None:
        numbers = _draft(request, cycle).get(step.group.code, [])
    chosen = step.chosen(numbers)
    projects = _project_page(step, page)
    if not all(isinstance(p, ShownProject) for p in projects):  # a POST read titles only
        projects.object_list = selectors.ballot_projects_shown(cycle, [p.number for p in projects])
    shown = {p.number for p in projects}
    context = _context(request, cycle, steps, voted)
    context.update(
        step=step,
        index=index,
        projects=projects,
        chosen_elsewhere=[p for p in chosen if p.number not in shown],
        previous=index - 1 if index > 1 else None,
        chosen_numbers=[p.number for p in chosen],
        projects_html=_projects_html(cycle, list(projects), {p.number for p in chosen}),
        chosen_total=sum(p.cost_won for p in chosen),
        already_voted=step.poll.pk in voted,
        show_skipped=index == 1,
        # The batch check (one query for the eligible dongs) says what ``voting_problem``
        # says; the single one also reads the poll's options while its rules are unlocked.
        problem=voting_interface.voting_problems([step.poll], request.user)[step.poll.pk],
        error=error,
    )
    return render(request, "budgeting/ballot_step.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def ballot_step(request: HttpRequest, slug: str, year: int, step: int) -> HttpResponse:
    """One group: a page of its projects, cap and running total. POST keeps the choices
    (refusing more than the cap) and goes on (``go=next``), back (``go=back``) or to another
    page of the group's projects (``go=page-N``)."""
    # A GET shows one group: only that group's projects are read (a fifth of the rows at
    # the benchmark's five groups); a POST counts and keeps choices, so it reads them all.
    cycle, steps = _flow(request, slug, year, projects=request.method != "GET")
    if not 1 <= step <= len(steps):
        raise Http404("step")
    if request.method == "GET":
        selectors.load_ballot_step(cycle, steps[step - 1])
        return _step_page(request, cycle, steps, step, page=request.GET.get("page"))
    current = steps[step - 1]
    numbers = _numbers(request, cycle, current)
    if len(numbers) > current.cap:
        error = _(
            "You chose %(chosen)s projects; in %(group)s you may choose at most %(cap)s. "
            "Untick %(extra)s of them."
        ) % {
            "chosen": len(numbers),
            "group": current.group.display_name,
            "cap": current.cap,
            "extra": len(numbers) - current.cap,
        }
        return _step_page(
            request, cycle, steps, step, numbers=numbers, error=error, page=request.POST.get("page")
        )
    _keep(request, cycle, current.group.code, numbers)
    to_page = _go_to_page(request)
    if to_page is not None:
        target = reverse("budgeting:ballot_step", args=[slug, year, step])
        return redirect(f"{target}?page={_project_page(current, to_page).number}")
    if request.POST.get("go") == "back" and step > 1:
        return redirect("budgeting:ballot_step", slug, year, step - 1)
    if step < len(steps):
        return redirect("budgeting:ballot_step", slug, year, step + 1)
    return redirect("budgeting:ballot_summary", slug, year)


@login_required
@require_GET
def ballot_summary(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Every group's choices before casting, with one fresh idempotency key per group."""
    cycle, steps = _flow(request, slug, year)
    voted = _voted(request, steps)
    draft = _draft(request, cycle)
    problems = voting_interface.voting_problems([s.poll for s in steps], request.user)
    rows = []
    for index, step in enumerate(steps, start=1):
        chosen = step.chosen(draft.get(step.group.code, []))
        rows.append(
            {
                "index": index,
                "step": step,
                "chosen": chosen,
                "total": sum(p.cost_won for p in chosen),
                "voted": step.poll.pk in voted,
                "problem": problems[step.poll.pk],
                "key": secrets.token_urlsafe(16),
            }
        )
    context = _context(request, cycle, steps, voted)
    context.update(
        rows=rows,
        castable=any(r["chosen"] and not r["voted"] and not r["problem"] for r in rows),
    )
    return render(request, "budgeting/ballot_summary.html", context)


@login_required
@require_POST
def ballot_cast(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Cast the ballot of every group with choices and not yet voted in, each through the
    voting core, and show all the receipts (and any refusal) on one page."""
    wait = voting_interface.cast_wait(request)
    if wait:
        return too_many(request, wait)
    cycle, steps = _flow(request, slug, year)
    draft = _draft(request, cycle)
    casts = []
    for step in steps:
        key = request.POST.get(f"key-{step.group.code}", "")
        chosen = set(draft.get(step.group.code, []))
        if not key or not chosen:  # no choice in this group, or voted before the summary
            continue
        positions = [i for i, p in enumerate(step.projects, start=1) if p.number in chosen]
        casts.append((step.poll, positions, key))
    outcomes = voting_interface.ballots_cast(voter=request.user, casts=casts)
    by_poll = {o.poll.pk: o for o in outcomes}
    rows = [
        {
            "step": step,
            "outcome": by_poll.get(step.poll.pk),
            "chosen": step.chosen(draft.get(step.group.code, [])),
        }
        for step in steps
    ]
    context = _context(request, cycle, steps, _voted(request, steps))
    context.update(rows=rows, cast_any=any(o.receipt for o in outcomes))
    return render(request, "budgeting/ballot_receipts.html", context)
