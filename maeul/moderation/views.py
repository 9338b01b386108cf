"""Flagging (residents) and the moderation queue (officials of the content's municipality).

Views parse, call one service and render. A flag is posted from the content's own page and
answers with a redirect back to it and a message, so it works without JavaScript. The queue
and its actions answer 404 to officials outside the municipality, as for any other scope.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from maeul.accounts.permissions import get_authorised, has_permission
from maeul.core.errors import ServiceError
from maeul.core.paging import page_of, query_without
from maeul.core.ratelimit import ratelimit
from maeul.moderation import registry, selectors, services
from maeul.moderation.models import ModeratedItem
from maeul.moderation.rules import ModerationPermission
from maeul.places.models import Municipality

ACCESS = {
    "flag": "resident (signed in; content they can see, not their own; rate-limited)",
    "queue": "official(administrator, programme_manager) of the scope",
    "hide": "official(administrator, programme_manager) of the content's scope",
    "restore": "official(administrator, programme_manager) of the content's scope",
    "dismiss": "official(administrator, programme_manager) of the content's scope",
}

FLAG_LIMIT = 30
"""Flags one client address may post per hour: plenty for a reader, too few to flood."""


@require_POST
@ratelimit("moderation.flag", limit=FLAG_LIMIT, window=3600)
def flag(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.POST.get("next") or reverse("core:home"))
    try:
        flaggable = registry.get(kind)
    except registry.UnknownFlaggableKind:
        raise Http404(kind) from None
    row = flaggable.find(object_id)
    if row is None:
        raise Http404(kind)
    back = flaggable.describe(row).url
    try:
        services.flag_add(
            actor=request.user,
            kind=kind,
            object_id=object_id,
            reason=request.POST.get("reason", ""),
            text=request.POST.get("text", ""),
        )
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you. The officials will look at what you flagged."))
    return redirect(back)


def _place(request: HttpRequest, slug: str) -> Municipality:
    municipality = get_object_or_404(Municipality, slug=slug)
    if not has_permission(request.user, ModerationPermission.MODERATE, municipality):
        raise Http404(slug)
    return municipality


@require_GET
def queue(request: HttpRequest, slug: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    municipality = _place(request, slug)
    show = "hidden" if request.GET.get("show") == "hidden" else "flagged"
    places = municipality.subtree()
    page = page_of(request, selectors.queue(places, show=show))
    items = list(page.object_list)
    reasons = selectors.reasons_by_item(items)
    for item in items:
        item.reasons = reasons.get(item.pk, [])
        item.kind_label = _kind_label(item.kind)
        item.texts = selectors.open_texts(item) if item.open_flags else []
    return render(
        request,
        "moderation/queue.html",
        {
            "municipality": municipality,
            "page": page,
            "items": items,
            "show": show,
            "query": query_without(request),
            "reason_limit": services.REASON_LIMIT,
        },
    )


def _kind_label(code: str) -> str:
    try:
        return str(registry.get(code).label)
    except registry.UnknownFlaggableKind:
        return code


def _act(request: HttpRequest, item_id: int, action: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("core:home"))
    item = get_authorised(
        ModeratedItem.objects.select_related("municipality"),
        request.user,
        item_id,
        ModerationPermission.MODERATE,
    )
    try:
        if action == "hide":
            services.item_hide(
                actor=request.user, item_id=item.pk, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("The content is hidden and its author was told."))
        elif action == "restore":
            services.item_restore(actor=request.user, item_id=item.pk)
            messages.success(request, _("The content is shown again and its author was told."))
        else:
            services.flags_dismiss(actor=request.user, item_id=item.pk)
            messages.success(request, _("The flags were dismissed; the content stays as it is."))
    except ServiceError as error:
        messages.error(request, error.message)
    url = reverse("moderation:queue", args=[item.municipality.slug])
    return redirect(f"{url}?show=hidden" if action == "hide" else url)


@require_POST
def hide(request: HttpRequest, item_id: int) -> HttpResponse:
    return _act(request, item_id, "hide")


@require_POST
def restore(request: HttpRequest, item_id: int) -> HttpResponse:
    return _act(request, item_id, "restore")


@require_POST
def dismiss(request: HttpRequest, item_id: int) -> HttpResponse:
    return _act(request, item_id, "dismiss")
