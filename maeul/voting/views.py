"""Screens of resident votes: residents' mobile-first pages and officials' screens.

Access classes: ``public`` (list, poll page, receipt check, published results and receipts),
``resident`` (casting; login required, eligibility checked by the service) and
``official(scope)`` (managing, desk, paper and assembly entry; 404 outside the scope).
Views call selectors to read and services to write; every refusal is a message on the page.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from maeul.accounts.permissions import get_authorised, has_permission, scope_filter
from maeul.accounts.rules import PlatformPermission
from maeul.core import participation
from maeul.core.confirm import confirmation_page
from maeul.core.errors import ServiceError
from maeul.core.fragments import cached_html, digest
from maeul.core.paging import PAGE_SIZE, page_of, query_without
from maeul.core.ratelimit import too_many
from maeul.exports.writers import CONTENT_TYPES
from maeul.exports.writers import render as render_table
from maeul.jobs import services as job_services
from maeul.places.models import Municipality
from maeul.voting import clock, closing, limits, selectors, services
from maeul.voting.charts import bar_chart
from maeul.voting.desk import WalkIn, desk_status, identify_walk_in
from maeul.voting.exports import COLUMNS, poll_result_rows
from maeul.voting.forms import AssemblyForm, BallotForm, DeskForm, PaperBatchForm, ReceiptForm
from maeul.voting.jobs import PUBLISH_RESULTS
from maeul.voting.models import Channel, Poll, RevotePolicy
from maeul.voting.rules import VotingPermission

ACCESS = {
    "poll_list": "public",
    "poll_detail": "public",
    "poll_cast": "resident",
    "receipt_check": "public",
    "results": "public",
    "results_download": "public",
    "receipts": "public",
    "ballot_record_download": "public",  # record_views: the published ballot record
    "manage_list": "official",
    "manage": "official",
    "poll_new": "official",
    "poll_edit": "official",
    "poll_preview": "official",
    "poll_close_early": "official",
    "poll_cancel": "official",
    "desk": "official",
    "paper": "official",
    "assembly": "official",
}


LIST_STATES = selectors.LIST_STATES
LIST_CACHE_SECONDS = 600
"""How long a rendered list of poll cards is kept. Its key is everything it shows, so this
only bounds the memory of lists nobody asks for any more; it never makes a list stale."""


def _list_label(state: str) -> str:
    """The name of one state's pager for screen readers (each landmark named apart)."""
    labels = {
        "open": _("Pages of the votes open now"),
        "upcoming": _("Pages of the votes opening soon"),
        "closed": _("Pages of the votes being counted"),
        "published": _("Pages of the votes with published results"),
    }
    return labels[state]


class _CountedPaginator(Paginator):  # type: ignore[type-arg]
    """A paginator told its count: the list's counts come from one aggregate query for all
    the states (``selectors.state_counts``) rather than one ``COUNT`` per list."""

    def __init__(self, object_list: Any, per_page: int, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def _list_sections_html(sections: list[dict[str, Any]]) -> SafeString:
    """The lists of ``/votes/`` rendered, from the cache when the same cards were rendered
    before. The key is what the lists show: the language and time zone, and per list its
    page, counts, pager links and every card's values (title, place, closing time). A poll
    that opens, closes, is renamed or published changes the rows the queries return (the
    states are filtered in the database at the request's moment), hence the key; nothing is
    invalidated by signals, so it holds across processes, and nothing personal is shown."""
    shown = [
        (
            s["state"],
            s["page"].number,
            s["page"].paginator.count,
            s["query"],
            tuple(s["page"].object_list),
        )
        for s in sections
    ]
    key = "voting:list:" + digest(
        translation.get_language(), timezone.get_current_timezone_name(), shown
    )
    return cached_html(
        key,
        LIST_CACHE_SECONDS,
        lambda: render_to_string("voting/_list_sections.html", {"sections": sections}),
    )


@require_GET
def poll_list(request: HttpRequest) -> HttpResponse:
    """Public: the listed polls by state, each state a list with its own pager
    (``?published_page=3``), so none is cut off however many polls there are.

    At most five queries whatever the number of polls: the states' counts in one aggregate,
    then one page of plain card rows per list that has any; the rendered cards are cached
    under a key made of what they show (``_list_sections_html``)."""
    polls = selectors.listed_polls(request.user)
    place = None
    if request.GET.get("m"):
        place = Municipality.objects.filter(slug=request.GET["m"]).first()
        if place is not None:
            polls = selectors.polls_within(polls, place)
    moment = clock.now()
    counts = selectors.state_counts(polls, moment)
    sections = []
    for state in LIST_STATES:
        param = f"{state}_page"
        rows = (
            polls.filter(selectors.state_filter(state, moment))
            .order_by("-closes_at", "pk")
            .values_list(*selectors.CARD_FIELDS)
        )
        page = _CountedPaginator(rows, PAGE_SIZE, counts[state]).get_page(request.GET.get(param))
        page.object_list = selectors.poll_cards(page.object_list) if counts[state] else []
        sections.append(
            {
                "state": state,
                "page": page,
                "param": param,
                "label": _list_label(state),
                "query": query_without(request, param),
            }
        )
    return render(
        request,
        "voting/list.html",
        {
            "sections": sections,
            "place": place,
            "sections_html": _list_sections_html(sections),
        },
    )


def _ballot_context(request: HttpRequest, poll: Poll, form: Any = None) -> dict[str, Any]:
    state = selectors.poll_state(poll)
    options = selectors.options_of(poll)
    participation = selectors.participation_of(poll, request.user)
    problem = selectors.eligibility_problem(poll, request.user) if state == "open" else None
    may_vote = (
        state == "open"
        and problem is None
        and "online" in poll.channels()
        and (
            participation is None
            or (
                poll.revote == RevotePolicy.LAST_COUNTS
                and participation.channel in ("online", "desk")
            )
        )
    )
    if may_vote and form is None:
        form = BallotForm(poll=poll, options=options, initial={"key": secrets.token_urlsafe(16)})
    return {
        "poll": poll,
        "state": state,
        "options": options,
        "participation": participation,
        "problem": problem,
        "may_vote": may_vote,
        "form": form,
        "may_manage": has_permission(request.user, VotingPermission.MANAGE_POLL, poll),
        # A roll poll shows the roll's size and whether the viewer is on it, never the names:
        # who belongs to a committee is public on its body's page, but a roll may be any list.
        "roll_size": selectors.roll_size(poll) if poll.by_roll else None,
        "on_roll": poll.by_roll and selectors.on_roll(poll, request.user),
    }


@require_GET
def poll_detail(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = get_authorised(selectors.poll_rows(), request.user, poll_id, VotingPermission.VIEW_POLL)
    return render(request, "voting/detail.html", _ballot_context(request, poll))


@login_required
@require_POST
def poll_cast(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Cast, then show the receipt in the response itself.

    The receipt is never put in the session or a redirect URL (both are stored server-side or
    logged); a reload re-posts the same idempotency key and shows the same receipt.
    """
    wait = limits.cast_wait(request)
    if wait:
        return too_many(request, wait)
    poll = get_authorised(selectors.poll_rows(), request.user, poll_id, VotingPermission.VIEW_POLL)
    options = selectors.options_of(poll)
    form = BallotForm(request.POST, poll=poll, options=options)
    if form.is_valid():
        try:
            chosen = form.chosen()
            result = services.ballot_cast(
                voter=request.user,
                poll=poll,
                choices=chosen,
                idempotency_key=form.cleaned_data["key"],
            )
        except ServiceError as error:
            form.add_error(None, error.message)
        except PermissionDenied:
            form.add_error(None, _("Only residents can vote; official accounts cannot."))
        except ValidationError as error:  # from chosen(): a rank given twice
            form.add_error(None, error)
        else:
            reward = participation.reward_of(result.event) if result.event else None
            return render(
                request,
                "voting/receipt.html",
                {"poll": poll, "result": result, "reward": reward},
            )
    context = _ballot_context(request, poll, form)
    context["form"] = form
    return render(
        request, "voting/detail.html", context, status=400 if context["may_vote"] else 409
    )


@require_GET
def receipt_check(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = get_authorised(selectors.poll_rows(), request.user, poll_id, VotingPermission.VIEW_POLL)
    form = ReceiptForm(request.GET or None)
    status = None
    if form.is_valid():
        status = selectors.receipt_status(poll, form.cleaned_data["receipt"]) or "unknown"
    return render(request, "voting/check.html", {"poll": poll, "form": form, "status": status})


def _result_for(request: HttpRequest, poll: Poll) -> dict[str, Any] | None:
    """The published result, or for officials of the scope the live tally after the close."""
    if poll.result is not None:
        published: dict[str, Any] = poll.result
        return published
    if selectors.poll_state(poll) == "closed" and has_permission(
        request.user, VotingPermission.VIEW_TALLY, poll
    ):
        return selectors.poll_tally(poll).as_dict()
    return None


@require_GET
def results(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = get_authorised(selectors.poll_rows(), request.user, poll_id, VotingPermission.VIEW_POLL)
    result = _result_for(request, poll)
    if result is not None:
        result = {**result, "turnout": selectors.shown_turnout(result) or ""}
    context: dict[str, Any] = {"poll": poll, "result": result, "state": selectors.poll_state(poll)}
    if result is not None:
        winners = set(result["winners"])
        context["options"] = [
            {**o, "winner": o["id"] in winners and result["outcome"] == "decided"}
            for o in result["options"]
        ]
        context["chart"] = bar_chart(
            _("Votes per option"),
            [(o["label"], o["votes"], f"{o['votes']} ({o['share']}%)") for o in result["options"]],
        )
        context["by_dong"] = selectors.turnout_by_dong(poll)
        context["by_age"] = selectors.turnout_by_age(poll)
        context["suppress_below"] = selectors.SUPPRESS_BELOW
    return render(request, "voting/results.html", context, status=200 if result else 409)


@require_GET
def results_download(request: HttpRequest, poll_id: int, fmt: str) -> HttpResponse:
    poll = get_authorised(selectors.poll_rows(), request.user, poll_id, VotingPermission.VIEW_POLL)
    if poll.result is None or fmt not in ("csv", "xlsx"):
        raise Http404("results")
    body = render_table(fmt, "poll-results", COLUMNS, list(poll_result_rows(poll)), bom=True)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="poll-{poll.code}-results.{fmt}"'
    return response


RECEIPTS_PER_PAGE = 100


@require_GET
def receipts(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Public: the published receipts in receipt order, a hundred per page (a poll's list can
    hold a million); anyone still finds their own with the receipt check."""
    poll = get_authorised(selectors.poll_rows(), request.user, poll_id, VotingPermission.VIEW_POLL)
    page = page_of(
        request,
        selectors.published_receipts(poll).values_list("receipt", "voided"),
        RECEIPTS_PER_PAGE,
    )
    rows = list(page.object_list)
    choices = selectors.public_ballot_choices(poll, [r for r, _v in rows])
    return render(
        request,
        "voting/receipts.html",
        {
            "poll": poll,
            "page": page,
            "query": query_without(request),
            "rows": [(r, v, choices.get(r, [])) for r, v in rows],
            "published": poll.published_at is not None,
        },
    )


# ---- officials ----------------------------------------------------------------------------


def _require_official(request: HttpRequest) -> None:
    if not has_permission(request.user, PlatformPermission.USE_BACKOFFICE):
        raise PermissionDenied


@login_required
@require_GET
def manage_list(request: HttpRequest) -> HttpResponse:
    _require_official(request)
    polls = scope_filter(request.user, Poll.objects.select_related("municipality"))
    page = page_of(request, polls.order_by("-closes_at", "pk"))
    rows = [(p, selectors.state_label(selectors.poll_state(p))) for p in page.object_list]
    official = request.user.official_or_none  # type: ignore[union-attr]
    may_create = request.user.is_superuser or (
        official is not None
        and has_permission(request.user, VotingPermission.MANAGE_POLL, official.municipality)
    )
    return render(
        request,
        "voting/manage_list.html",
        {"rows": rows, "page": page, "query": query_without(request), "may_create": may_create},
    )


def _action_confirmation(request: HttpRequest, poll: Poll, action: str) -> HttpResponse | None:
    """The confirmation page of a dashboard action, in plain words (None once confirmed)."""
    when = {
        "opens": date_format(timezone.localtime(poll.opens_at), "Y-m-d H:i"),
        "closes": date_format(timezone.localtime(poll.closes_at), "Y-m-d H:i"),
    }
    if action == "announce":
        title = _("Announce “%(title)s”?") % {"title": poll.title}
        label = _("Announce the vote")
        consequences = [
            _(
                "Everyone can see the vote and its options from now on; it cannot go back to "
                "being a draft."
            ),
            _("Voting opens at %(opens)s and closes at %(closes)s (Korea time).") % when,
            _("The rules freeze with the first ballot."),
        ]
    elif action == "publish":
        title = _("Publish the results of “%(title)s”?") % {"title": poll.title}
        label = _("Publish the results")
        consequences = [
            _("The result and the list of receipts become public and can no longer change."),
            _("No more paper ballots or assembly totals can be entered."),
        ]
    elif action == "close":
        title = _("Record the close of “%(title)s”?") % {"title": poll.title}
        label = _("Record the close")
        consequences = [_("The close is written in the audit log with the ballot count.")]
    else:
        return None
    return confirmation_page(
        request,
        title=title,
        consequences=consequences,
        action_label=label,
        cancel_url=reverse("voting:manage", args=[poll.pk]),
    )


def _publish_as_job(poll: Poll) -> bool:
    """A vote large enough that counting it belongs off the request (``JOB_TALLY_BALLOTS``)."""
    return selectors.counted_ballots(poll).count() > settings.JOB_TALLY_BALLOTS


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = get_authorised(selectors.poll_rows(), request.user, poll_id, VotingPermission.VIEW_TALLY)
    if request.method == "POST":
        action = request.POST.get("action")
        actions = {
            "announce": services.poll_announce,
            "close": services.poll_close,
            "publish": services.poll_publish,
        }
        if action not in actions:
            messages.error(request, _("Unknown action."))
        else:
            page = _action_confirmation(request, poll, action)
            if page is not None:
                return page
            if action == "publish" and _publish_as_job(poll):
                job = job_services.start(
                    PUBLISH_RESULTS, request.user, {"poll": poll.pk}, municipality=poll.municipality
                )
                return redirect("jobs:detail", job.pk)
            try:
                actions[action](actor=request.user, poll=poll)
                messages.success(request, _("Done."))
            except ServiceError as error:
                messages.error(request, error.message)
            except PermissionDenied:
                messages.error(request, _("You do not have permission to do this."))
        return redirect("voting:manage", poll.pk)
    counts = {
        "participations": poll.participations.count(),
        "ballots": selectors.counted_ballots(poll).count(),
        "paper_batches": poll.paper_batches.count(),
        "assemblies": poll.assemblies.count(),
    }
    state = selectors.poll_state(poll)
    may_edit = has_permission(request.user, VotingPermission.MANAGE_POLL, poll)
    return render(
        request,
        "voting/manage.html",
        {
            "poll": poll,
            "state": state,
            "state_label": selectors.state_label(state),
            "may_edit": may_edit,
            "may_cancel": has_permission(request.user, VotingPermission.CANCEL_POLL, poll)
            and state not in ("cancelled", "published")
            and not closing.has_ballots(poll),
            "dongs": [d.display_name for d in poll.electorate_dongs.order_by("name")],
            "counts": counts,
            "options": selectors.options_of(poll),
            "roll": poll.voters.select_related("user") if poll.by_roll else None,
        },
    )


def _offline_poll(request: HttpRequest, poll_id: int) -> Poll:
    return get_authorised(
        selectors.poll_rows(), request.user, poll_id, VotingPermission.RECORD_OFFLINE
    )


def _desk_dongs(poll: Poll) -> Any:
    """Dongs a walk-in resident of ``poll`` can live in: its eligible dongs, else those of its
    municipality (or the municipality itself when it is a dong)."""
    if poll.electorate_dongs.exists():
        return poll.electorate_dongs.order_by("sort_order", "name")
    if poll.municipality.level >= 3:
        return Municipality.objects.filter(pk=poll.municipality.pk)
    return poll.municipality.subtree().filter(level=3).order_by("sort_order", "name")


@login_required
@require_http_methods(["GET", "POST"])
def desk(request: HttpRequest, poll_id: int) -> HttpResponse:
    """On-site desk in two steps: 주민 확인 (identify the walk-in resident from their identity
    card: name, date of birth, dong — never a Maeul user name), then 투표 기록 (record the
    ballot they marked). The second step identifies the resident again from the same fields,
    so nothing about the resident is kept between the two requests."""
    poll = _offline_poll(request, poll_id)
    options = selectors.options_of(poll)
    data = request.POST if request.method == "POST" else None
    step = request.POST.get("step", "identify") if data else "identify"
    desk_form = DeskForm(
        data, prefix="desk", dongs=_desk_dongs(poll), dong_required=not poll.by_roll
    )
    ballot_form = None
    resident = participation = result = None
    if data and desk_form.is_valid():
        walk_in = WalkIn(
            name=desk_form.cleaned_data["name"],
            birth_date=desk_form.cleaned_data["birth_date"],
            dong=desk_form.cleaned_data["dong"],
            identity_number=desk_form.cleaned_data["identity_number"],
        )
        try:
            resident = identify_walk_in(poll, walk_in)
        except ServiceError as error:
            field = error.field if error.field in desk_form.fields else None
            desk_form.add_error(field, error.message)
    if resident is not None:
        participation = desk_status(poll, resident)
        ballot_form = BallotForm(
            data if step == "record" else None,
            poll=poll,
            options=options,
            initial={"key": "desk"},
            prefix="ballot",
        )
        shown = request.POST.get("resident", "")
        if step == "record" and shown != str(resident.pk):
            # The card details changed after the resident was shown: confirm them again.
            ballot_form.add_error(
                None, _("The resident's details changed; check the resident again first.")
            )
        elif step == "record" and participation is None and ballot_form.is_valid():
            try:
                result = services.ballot_record_at_desk(
                    official=request.user,
                    poll=poll,
                    resident=resident,
                    choices=ballot_form.chosen(),
                )
            except ServiceError as error:
                ballot_form.add_error(None, error.message)
            except ValidationError as error:
                ballot_form.add_error(None, error)
            else:
                resident = participation = ballot_form = None
                desk_form = DeskForm(
                    prefix="desk", dongs=_desk_dongs(poll), dong_required=not poll.by_roll
                )
    status = 200
    if data and result is None and (desk_form.errors or (ballot_form and ballot_form.errors)):
        status = 400
    return render(
        request,
        "voting/desk.html",
        {
            "poll": poll,
            "desk_form": desk_form,
            "ballot_form": ballot_form,
            "resident": resident,
            "profile": getattr(resident, "resident_or_none", None) if resident else None,
            "participation": participation,
            "channel_label": Channel(participation.channel).label if participation else "",
            "result": result,
        },
        status=status,
    )


def _users(names: list[str]) -> list[Any]:
    return [services.resident_by_username(name) for name in names]


@login_required
@require_http_methods(["GET", "POST"])
def paper(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = _offline_poll(request, poll_id)
    options = selectors.options_of(poll)
    form = PaperBatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            by_position = {o.position: o.pk for o in options}
            ballots = []
            for number, positions in enumerate(form.ballot_positions(), start=1):
                unknown = [p for p in positions if p not in by_position]
                if unknown:
                    raise ServiceError(
                        _("Ballot %(n)s: there is no option %(p)s.")
                        % {"n": number, "p": unknown[0]}
                    )
                ballots.append([by_position[p] for p in positions])
            batch = services.paper_batch_enter(
                official=request.user,
                poll=poll,
                label=form.cleaned_data["label"],
                roll=_users(form.roll_names()),
                ballots=ballots,
            )
            messages.success(
                request,
                _("Batch %(label)s entered: %(n)s ballots.")
                % {"label": batch.label, "n": batch.ballots},
            )
            return redirect("voting:manage", poll.pk)
        except ServiceError as error:
            form.add_error(None, error.message)
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "voting/paper.html", {"poll": poll, "form": form, "options": options})


@login_required
@require_http_methods(["GET", "POST"])
def assembly(request: HttpRequest, poll_id: int) -> HttpResponse:
    poll = _offline_poll(request, poll_id)
    options = selectors.options_of(poll)
    form = AssemblyForm(request.POST or None, options=options)
    if request.method == "POST" and form.is_valid():
        try:
            services.assembly_result_enter(
                chair=request.user,
                poll=poll,
                name=form.cleaned_data["name"],
                held_on=form.cleaned_data["held_on"],
                counts=form.counts(),
                ballots=form.cleaned_data["ballots"],
                roll=_users(form.roll_names()),
            )
            messages.success(request, _("Assembly totals entered."))
            return redirect("voting:manage", poll.pk)
        except ServiceError as error:
            form.add_error(None, error.message)
    return render(request, "voting/assembly.html", {"poll": poll, "form": form})
