"""A poll's settings as an official gives them (the wizard, the back office, the API), checked
before anything is written: the options with their images, the window and the electorate.

Kept apart from the services so that creating and changing a poll share one set of rules and
every refusal names the field it is about (``ServiceError.field``), which the forms show next
to that field.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from maeul.core.errors import ServiceError
from maeul.voting.models import ElectorateKind, Poll, PollKind, ResultRule

OPTION_IMAGE_MAX_BYTES = 2 * 1024 * 1024


OPTION_IMAGE_TYPES = {
    # extension -> leading bytes of a genuine image of that type
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".png": b"\x89PNG\r\n\x1a\n",
    ".webp": b"RIFF",
}


def option_image(upload: Any, label: str) -> Any:
    """An uploaded option image, checked: a JPEG, PNG or WebP file (by its bytes, not only its
    name) of at most 2 MB. A stored file (a string or a file already saved) passes as it is."""
    if not upload or isinstance(upload, str) or getattr(upload, "_committed", False):
        return upload or ""
    name = str(getattr(upload, "name", "")).lower()
    extension = name[name.rfind(".") :] if "." in name else ""
    size = getattr(upload, "size", 0) or 0
    problem = None
    if extension not in OPTION_IMAGE_TYPES:
        problem = _("%(option)s: the image must be a JPEG, PNG or WebP file.")
    elif size > OPTION_IMAGE_MAX_BYTES:
        problem = _("%(option)s: the image is larger than 2 MB.")
    else:
        upload.seek(0)
        head = upload.read(12)
        upload.seek(0)
        if not head.startswith(OPTION_IMAGE_TYPES[extension]) or (
            extension == ".webp" and head[8:12] != b"WEBP"
        ):
            problem = _("%(option)s: the file is not the image its name says.")
    if problem:
        raise ServiceError(problem % {"option": label}, field="options")
    return upload


def option_rows(options: Sequence[str | dict[str, Any]]) -> list[dict[str, Any]]:
    """Options as dicts of label, description and image (a new upload, a stored name, or "")."""
    rows = []
    for option in options:
        data = {"label": option} if isinstance(option, str) else dict(option)
        label = str(data.get("label", "")).strip()
        if not label:
            raise ServiceError(_("Every option needs a name."), field="options")
        rows.append(
            {
                "label": label,
                "description": str(data.get("description", "")),
                "image": option_image(data.get("image", ""), label),
            }
        )
    if len(rows) < 2:
        raise ServiceError(_("A vote needs at least two options."), field="options")
    return rows


def require_electorate_for_quorum(poll: Poll) -> None:
    """A quorum is a share of the electorate, so it needs a true one: the official's entry
    from the resident register or the roll. Residents signed up on Maeul are not the
    electorate, and a quorum measured against them could be met by a handful of people."""
    if (
        poll.result_rule == ResultRule.QUORUM
        and poll.quorum_percent
        and not poll.electorate_size
        and poll.electorate_kind != ElectorateKind.ROLL
    ):
        raise ServiceError(
            _(
                "A quorum needs the size of the electorate: enter the number of eligible "
                "residents from the resident register."
            ),
            field="electorate_size",
        )


def validate_poll(poll: Poll, dongs: Iterable[Any]) -> None:
    if poll.opens_at and poll.closes_at and poll.closes_at <= poll.opens_at:
        raise ServiceError(_("The vote must close after it opens."), field="closes_at")
    try:
        poll.full_clean(exclude=["municipality", "electorate_dongs"], validate_unique=True)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ServiceError(
            " ".join(messages), field=None if field == "__all__" else field
        ) from None
    if poll.closes_at <= poll.opens_at:
        raise ServiceError(_("The vote must close after it opens."), field="closes_at")
    if poll.kind == PollKind.SINGLE and poll.max_choices != 1:
        poll.max_choices = 1
    if poll.municipality.level < 2:
        raise ServiceError(
            _("A vote belongs to a city, county, district or dong."), field="municipality"
        )
    require_electorate_for_quorum(poll)
    for dong in dongs:
        if not dong.is_within(poll.municipality) or dong.pk == poll.municipality.pk:
            raise ServiceError(
                _("%(dong)s is not a dong of %(place)s.")
                % {"dong": dong.display_name, "place": poll.municipality.display_name},
                field="electorate_dongs",
            )


def validate_electorate(
    poll: Poll, dongs: Sequence[Any], roll: Sequence[Any], *, require_roll: bool = True
) -> list[Any]:
    """Check the electorate settings together and return the roll without duplicates.

    A roll poll's electorate is exactly its roll: eligible dongs or a minimum age would be a
    second, contradictory electorate and are refused; identity verification is the roll's
    author's business, so ``verified_only`` is cleared (as ``max_choices`` is for single).
    An empty roll is refused when the caller gives the roll, and always at announcement (the
    back office fills the roll in its own inline after switching the kind)."""
    unique = list({person.pk: person for person in roll}.values())
    if poll.electorate_kind != ElectorateKind.ROLL:
        if unique:
            raise ServiceError(
                _("Only a vote whose electorate is a roll has a roll."), field="electorate_kind"
            )
        return []
    if not unique and require_roll:
        raise ServiceError(
            _("A vote by roll needs at least one account on its roll."), field="roll"
        )
    if dongs:
        raise ServiceError(
            _("A vote by roll cannot also be limited to some dongs."), field="electorate_dongs"
        )
    if poll.min_age:
        raise ServiceError(
            _("A vote by roll cannot also have a minimum age; leave it at 0."), field="min_age"
        )
    poll.verified_only = False
    return unique
