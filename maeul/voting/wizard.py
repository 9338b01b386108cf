"""Officials run a vote on Maeul's own pages (issue 13): create and edit a draft with its
options, preview it as residents will see it, and close it early or cancel it with a reason.

Announcing and publishing are actions of the poll's dashboard (``views.manage``). Every page
here is for officials holding ``voting.manage_poll`` (close and cancel: ``voting.close_poll``,
``voting.cancel_poll``) within their municipality's subtree; another district's poll answers
404 and nothing is written. The forms only parse: the services decide and write the audit
log, and their refusals come back as messages on the form. Irreversible steps (close early,
cancel) go through the shared confirmation page, which carries the reason as a hidden field.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from maeul.accounts.permissions import get_authorised, has_permission, official_of
from maeul.core.confirm import confirmation_page
from maeul.core.errors import ServiceError
from maeul.places.models import Municipality
from maeul.voting import closing, selectors, services
from maeul.voting.forms import BallotForm, OptionFormSet, PollForm, ReasonForm
from maeul.voting.models import ElectorateKind, Poll, PollOption
from maeul.voting.rules import VotingPermission

EXTRA_OPTION_ROWS = 3
"""Empty option rows under the filled ones: the page works without JavaScript."""


def _places(user: Any) -> tuple[Any, Any]:
    """Municipalities a vote may belong to, and dongs it may be limited to, in ``user``'s scope
    (districts and dongs where the user may manage votes)."""
    official = official_of(user)
    if getattr(user, "is_superuser", False):
        root = Municipality.objects.all()
    elif official is None or not has_permission(
        user, VotingPermission.MANAGE_POLL, official.municipality
    ):
        raise Http404("no votes to manage")
    else:
        root = official.municipality.subtree()
    places = root.filter(level__gte=2).order_by("path")
    return places, root.filter(level=3).order_by("parent__sort_order", "sort_order", "name")


def _option_rows(request: HttpRequest, poll: Poll | None) -> Any:
    options = list(PollOption.objects.filter(poll=poll).order_by("position")) if poll else []
    initial = [
        {"option_id": o.pk, "label": o.label, "description": o.description, "image": o.image}
        for o in options
    ]
    initial += [{} for _row in range(max(EXTRA_OPTION_ROWS, 4 - len(options)))]
    if request.method == "POST":
        return OptionFormSet(request.POST, request.FILES, prefix="option", initial=initial)
    return OptionFormSet(prefix="option", initial=initial)


def _options_for_service(formset: Any, poll: Poll | None) -> list[dict[str, Any]]:
    """Filled rows in order; a row keeps its stored image unless a new one is uploaded or
    the image is cleared (only images of this poll's own options can be kept)."""
    stored = {
        o.pk: o.image.name
        for o in (PollOption.objects.filter(poll=poll) if poll else PollOption.objects.none())
    }
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data.get("label"):
            continue
        image = data.get("image")
        if image is None:  # nothing uploaded: keep what this row had
            image = stored.get(data.get("option_id") or 0, "")
        elif image is False:  # the "clear" box
            image = ""
        elif getattr(image, "_committed", False):  # the stored image, shown as the initial
            image = image.name if image.name in stored.values() else ""
        rows.append({"label": data["label"], "description": data["description"], "image": image})
    return rows


def _roll(names: list[str]) -> list[Any]:
    """The accounts named on a roll; an unknown name is an error on the roll field."""
    try:
        return [services.resident_by_username(name) for name in names]
    except ServiceError as error:
        raise ServiceError(error.message, field="roll") from None


def _show_error(form: Any, error: ServiceError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _editable_poll(request: HttpRequest, poll_id: int) -> Poll:
    poll = get_authorised(
        selectors.poll_rows(), request.user, poll_id, VotingPermission.MANAGE_POLL
    )
    return poll


@login_required
@require_http_methods(["GET", "POST"])
def poll_new(request: HttpRequest) -> HttpResponse:
    """Create a draft vote with its options (``services.poll_create``)."""
    return _poll_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def poll_edit(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Change a draft (``services.poll_update``). Once announced, a vote's rules are what
    residents were told: the page sends the official back to the dashboard."""
    poll = _editable_poll(request, poll_id)
    if poll.announced_at is not None or poll.cancelled_at is not None:
        messages.error(request, _("Only a draft can be edited; this vote is already announced."))
        return redirect("voting:manage", poll.pk)
    return _poll_form(request, poll)


def _poll_form(request: HttpRequest, poll: Poll | None) -> HttpResponse:
    places, dongs = _places(request.user)
    if poll is not None and not places.filter(pk=poll.municipality.pk).exists():
        raise Http404("poll")
    if request.method == "POST":
        form = PollForm(request.POST, places=places, dongs=dongs)
    elif poll is not None:
        form = PollForm(initial=PollForm.initial_of(poll), places=places, dongs=dongs)
    else:
        start = timezone.localtime() + dt.timedelta(days=7)
        start = start.replace(hour=9, minute=0, second=0, microsecond=0)
        form = PollForm(
            initial={
                "municipality": places.first(),
                "opens_at": start.strftime("%Y-%m-%dT%H:%M"),
                "closes_at": (start + dt.timedelta(days=14, hours=9)).strftime("%Y-%m-%dT%H:%M"),
            },
            places=places,
            dongs=dongs,
        )
    formset = _option_rows(request, poll)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        options = _options_for_service(formset, poll)
        fields = form.service_fields()
        municipality = form.cleaned_data["municipality"]
        chosen_dongs = list(form.cleaned_data["electorate_dongs"])
        try:
            roll = _roll(form.roll_names())
            if poll is None:
                poll = services.poll_create(
                    actor=request.user,
                    municipality=municipality,
                    options=options,
                    electorate_dongs=chosen_dongs,
                    roll=roll,
                    code=f"{municipality.slug[:40]}-{secrets.token_hex(5)}",
                    **fields,
                )
                messages.success(request, _("The draft vote was saved."))
            else:
                services.poll_update(
                    actor=request.user,
                    poll=poll,
                    changes={**fields, "municipality": municipality},
                    options=options,
                    electorate_dongs=chosen_dongs,
                    roll=roll if fields["electorate_kind"] == ElectorateKind.ROLL else None,
                )
                messages.success(request, _("The draft vote was updated."))
        except ServiceError as error:
            _show_error(form, error)
        except PermissionDenied:
            form.add_error(None, _("You do not have permission to do this."))
        else:
            return redirect("voting:manage", poll.pk)
    return render(
        request,
        "voting/wizard_form.html",
        {"poll": poll, "form": form, "formset": formset},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def poll_preview(request: HttpRequest, poll_id: int) -> HttpResponse:
    """The resident's page of the vote, with a ballot that cannot be sent: what residents will
    see once the vote opens."""
    poll = get_authorised(
        selectors.poll_rows(), request.user, poll_id, VotingPermission.MANAGE_POLL
    )
    options = selectors.options_of(poll)
    return render(
        request,
        "voting/detail.html",
        {
            "poll": poll,
            "state": "open",
            "options": options,
            "participation": None,
            "problem": None,
            "may_vote": True,
            "form": BallotForm(poll=poll, options=options, initial={"key": "preview"}),
            "may_manage": True,
            "roll_size": selectors.roll_size(poll) if poll.by_roll else None,
            "on_roll": False,
            "preview": True,
        },
    )


def _reason_page(
    request: HttpRequest,
    poll: Poll,
    *,
    template_title: str,
    intro: str,
    button: str,
    consequences: list[str],
    confirm_title: str,
    service: Any,
    done: str,
) -> HttpResponse:
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        page = confirmation_page(
            request,
            title=confirm_title,
            consequences=[
                *consequences,
                _("Reason, kept in the audit log: %(reason)s")
                % {"reason": form.cleaned_data["reason"]},
            ],
            action_label=button,
            cancel_url=reverse("voting:manage", args=[poll.pk]),
        )
        if page is not None:
            return page
        try:
            service(actor=request.user, poll=poll, reason=form.cleaned_data["reason"])
        except ServiceError as error:
            _show_error(form, error)
        else:
            messages.success(request, done)
            return redirect("voting:manage", poll.pk)
    return render(
        request,
        "voting/wizard_reason.html",
        {"poll": poll, "form": form, "title": template_title, "intro": intro, "button": button},
        status=400 if request.method == "POST" else 200,
    )


def _kst(moment: Any) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d H:i")


@login_required
@require_http_methods(["GET", "POST"])
def poll_close_early(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Close an open vote before its closing time, with a reason (confirmation first)."""
    poll = get_authorised(selectors.poll_rows(), request.user, poll_id, VotingPermission.CLOSE_POLL)
    ballots = selectors.counted_ballots(poll).count()
    return _reason_page(
        request,
        poll,
        template_title=_("Close the vote early"),
        intro=_(
            "The vote is scheduled to close at %(time)s (Korea time). Closing it now stops all "
            "online and desk ballots at once; the result counts the ballots cast until now."
        )
        % {"time": _kst(poll.closes_at)},
        button=_("Close the vote now"),
        consequences=[
            _("Residents can no longer vote online or at a desk; this cannot be undone."),
            _("%(n)s ballots cast until now are counted; the result can then be published.")
            % {"n": ballots},
            _("Paper ballots cast before the close can still be entered until publication."),
        ],
        confirm_title=_("Close “%(title)s” now?") % {"title": poll.title},
        service=closing.poll_close_early,
        done=_("The vote was closed early."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def poll_cancel(request: HttpRequest, poll_id: int) -> HttpResponse:
    """Cancel a vote nobody has voted in, with a reason (confirmation first)."""
    poll = get_authorised(
        selectors.poll_rows(), request.user, poll_id, VotingPermission.CANCEL_POLL
    )
    return _reason_page(
        request,
        poll,
        template_title=_("Cancel the vote"),
        intro=_(
            "A vote can be cancelled only while nobody has voted. A vote with ballots can be "
            "closed early instead."
        ),
        button=_("Cancel the vote"),
        consequences=[
            _("The vote takes no ballots and publishes no result; this cannot be undone."),
            _("Residents see that the vote was cancelled, with the reason."),
        ],
        confirm_title=_("Cancel “%(title)s”?") % {"title": poll.title},
        service=closing.poll_cancel,
        done=_("The vote was cancelled."),
    )
