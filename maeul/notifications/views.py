"""Pages of the inbox, under /notices/.

Access: the inbox, marking read and the preferences page are for a logged-in person and
touch only that person's own notices (queries filter on ``request.user``; a notice id that
is not theirs is a 404, telling nothing). The unsubscribe page needs no login: the signed
link is the proof, as a mail client's one-click POST (RFC 8058) carries no session.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language

from maeul.core.paging import page_of, query_without
from maeul.notifications import delivery, kinds, selectors, services
from maeul.notifications.forms import PREFIX, PreferencesForm, kinds_for
from maeul.notifications.models import NoticeSettings, Preference

ACCESS = {
    "inbox": "logged-in (own notices)",
    "read": "logged-in (own notices)",
    "read_all": "logged-in (own notices)",
    "preferences": "logged-in (own preferences)",
    "unsubscribe": "public (signed link)",
    "switch_language": "public (a logged-in person's e-mails follow it)",
}


def _shown(notice: Any) -> dict[str, Any]:
    try:
        subject, body = kinds.get(notice.kind).render(notice.data)
    except kinds.UnknownKind:  # a kind no longer registered: still listed, plainly
        subject, body = notice.kind, ""
    return {"notice": notice, "subject": subject, "body": body}


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.inbox(request.user))
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "items": [_shown(notice) for notice in page.object_list],
            "query": query_without(request),
            "unread": selectors.unread_count(request.user),
        },
    )


@login_required
@require_POST
def read(request: HttpRequest, notice_id: int) -> HttpResponse:
    """Mark one notice read; with ``open`` go on to what it is about."""
    notice = services.mark_read(request.user, notice_id)
    if notice is None:
        raise Http404
    target = notice.url
    if (
        request.POST.get("open")
        and target
        and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    ):
        return HttpResponseRedirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(request.user)
    if count:
        messages.success(request, _("All notices are marked as read."))
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    user: Any = request.user  # login_required: a User
    shown = kinds_for(user)
    current = NoticeSettings.objects.filter(user=user).first()
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "frequency"))
    initial: dict[str, Any] = {
        "language": current.language if current else translation.get_language() or "ko",
        "quiet_start": current.quiet_start if current else None,
        "quiet_end": current.quiet_end if current else None,
    }
    for kind in shown:
        initial[PREFIX + kind.code] = chosen.get(kind.code, kind.default_frequency)
    form = PreferencesForm(
        request.POST if request.method == "POST" else None, initial=initial, kinds_shown=shown
    )
    if request.method == "POST":
        if form.is_valid():
            services.save_preferences(
                user,
                language=form.cleaned_data["language"],
                quiet_start=form.cleaned_data["quiet_start"],
                quiet_end=form.cleaned_data["quiet_end"],
                frequencies=form.frequencies(),
            )
            messages.success(request, _("Your notification preferences are saved."))
            return redirect("notifications:preferences")
        messages.error(request, _("The preferences were not saved: correct the marked fields."))
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "has_email": bool(user.email)},
        status=400 if form.is_bound else 200,
    )


def _both(text: str) -> dict[str, str]:
    """``text`` in Korean and in English: an unsubscribe link is opened from an e-mail, often
    without the language the person chose on the site."""
    out = {}
    for code in ("ko", "en"):
        with translation.override(code):
            out[code] = _(text)
    return out


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows what the link stops and a button; POST (the button, or a mail client's
    one-click ``List-Unsubscribe=One-Click``) stops it. A forged, altered or expired link
    changes nothing and says so in both languages."""
    try:
        user_id, code = delivery.read_unsubscribe_token(token)
        digest = delivery.digest_frequency(code)
        kind = None if digest else kinds.get(code)
        user = get_user_model().objects.get(pk=user_id)
    except signing.SignatureExpired:
        return _unsubscribe_problem(request, expired=True)
    except (signing.BadSignature, kinds.UnknownKind, get_user_model().DoesNotExist):
        return _unsubscribe_problem(request, expired=False)
    done = request.method == "POST"
    if done and digest:
        services.stop_digest(user.pk, digest)
    elif done and kind is not None:
        services.set_frequency(user.pk, kind.code, kinds.Frequency.NEVER)
    return render(
        request,
        "notifications/unsubscribe.html",
        {
            "kind": kind,
            "digest": digest,
            "daily": digest == kinds.Frequency.DAILY,
            "done": done,
            "token": token,
        },
    )


def _unsubscribe_problem(request: HttpRequest, *, expired: bool) -> HttpResponse:
    if expired:
        message = _both(
            gettext_noop(
                "This unsubscribe link has expired. Nothing was changed. Log in and choose what "
                "you receive on the notification preferences page."
            )
        )
    else:
        message = _both(
            gettext_noop(
                "This unsubscribe link is not valid: it may have been copied incompletely or "
                "altered. Nothing was changed. Log in and choose what you receive on the "
                "notification preferences page."
            )
        )
    return render(
        request,
        "notifications/unsubscribe_problem.html",
        {"message": message, "expired": expired},
        status=400,
    )


def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's language switch. A logged-in person who has not picked an e-mail language on
    the preferences page gets their e-mails in the language they switch the site to."""
    response = set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        services.follow_site_language(request.user, str(request.POST.get("language", "")))
    return response
