"""Ready-made questionnaires: the seven-step participation ladder and the trust questions.

The ladder is the scale of public–civic governance (민관협치 발전지표) the Seoul 2021 plan
reports participants' perceived level on; the trust questions are the district office and the
city hall, on a 1–7 scale (the plan reports means such as 4.93 and 3.87 without naming the
scale; a 1–5 scale would put 4.93 next to its ceiling, so Maeul uses 1–7 and says so in the
docs). The question texts are translated at creation time, in the official's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LADDER = "ladder"
TRUST_DISTRICT = "trust_district"
TRUST_CITY = "trust_city"
COMMENTS = "comments"


@dataclass(frozen=True)
class TemplateQuestion:
    code: str
    kind: str
    text: object
    scale_max: int | None = None
    required: bool = True
    options: tuple[object, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class SurveyTemplate:
    key: str
    title: object
    description: object
    questions: tuple[TemplateQuestion, ...]


LADDER_LEVELS = (
    _("1 Administration only"),  # 관치행정
    _("2 Information"),  # 정보전달
    _("3 Consultation survey"),  # 의견조사
    _("4 Nominal participation"),  # 명목적참여
    _("5 Participatory cooperation"),  # 참여적협력
    _("6 Participatory decision"),  # 참여적의사결정
    _("7 Citizen administration"),  # 시민행정
)

PARTICIPATION_AND_TRUST = SurveyTemplate(
    key="participation_trust",
    title=_("Participation level and trust"),
    description=_(
        "How far residents take part in public decisions, on the seven-step scale of "
        "public–civic governance, and how much they trust the district office and the city hall."
    ),
    questions=(
        TemplateQuestion(
            LADDER,
            "single",
            _("At which level do residents take part in the district's public decisions today?"),
            options=LADDER_LEVELS,
        ),
        TemplateQuestion(
            TRUST_DISTRICT,
            "scale",
            _("How much do you trust the district office? (1 not at all – 7 completely)"),
            scale_max=7,
        ),
        TemplateQuestion(
            TRUST_CITY,
            "scale",
            _("How much do you trust the city hall? (1 not at all – 7 completely)"),
            scale_max=7,
        ),
        TemplateQuestion(
            COMMENTS,
            "text",
            pgettext_lazy("survey question", "What would make public decisions more open to you?"),
            required=False,
        ),
    ),
)

TEMPLATES = {PARTICIPATION_AND_TRUST.key: PARTICIPATION_AND_TRUST}
