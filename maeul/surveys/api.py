"""Public, read-only API of surveys: a municipality's surveys and published results."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from maeul.accounts.permissions import has_permission
from maeul.api.paging import Mapped, paginated
from maeul.places.models import Municipality
from maeul.surveys.models import Survey
from maeul.surveys.rules import SurveyPermission
from maeul.surveys.selectors import PUBLIC_STATES, survey_results

router = Router()
PREFIX = "/surveys"
TAGS = ["surveys"]


class SurveyOut(Schema):
    id: int
    municipality: str
    title: str
    state: str
    audience: str
    programme: str


class SurveyOptionOut(Schema):
    label: str
    count: int
    percent: str | None


class GroupOut(Schema):
    group: str
    respondents: int
    mean: str | None
    options: list[SurveyOptionOut]
    hidden: bool


class QuestionOut(Schema):
    position: int
    kind: str
    text: str
    scale_max: int | None
    groups: list[GroupOut]


class ResultsOut(SurveyOut):
    respondents: dict[str, int]
    questions: list[QuestionOut]


def _municipality(code: str) -> Municipality:
    municipality = Municipality.objects.filter(slug=code).first() or (
        Municipality.objects.filter(admin_code=code).first()
    )
    if municipality is None:
        raise Http404(code)
    return municipality


def _survey(survey: Survey) -> dict[str, object]:
    return {
        "id": survey.pk,
        "municipality": survey.municipality.name,
        "title": survey.title,
        "state": survey.state,
        "audience": survey.audience,
        "programme": survey.programme,
    }


@router.get("/{code}", response=list[SurveyOut], auth=None)
@paginated
def list_surveys(request: HttpRequest, code: str) -> Mapped:
    """A municipality's surveys that are open, closed or published (code: slug or
    administrative code), newest first."""
    rows = Survey.objects.filter(
        municipality=_municipality(code), state__in=PUBLIC_STATES
    ).select_related("municipality")
    return Mapped(rows.order_by("-created_at", "-pk"), _survey)


@router.get("/results/{survey_id}", response=ResultsOut, auth=None)
def get_results(request: HttpRequest, survey_id: int) -> dict[str, object]:
    """A published survey's results per question and group (participants, general_public,
    all); 404 until the results are published."""
    survey = Survey.objects.select_related("municipality").filter(pk=survey_id).first()
    if survey is None or not has_permission(request.user, SurveyPermission.VIEW_RESULTS, survey):
        raise Http404(str(survey_id))
    figures = survey_results(survey)
    return {
        **_survey(survey),
        "respondents": figures.respondents,
        "questions": [
            {
                "position": r.question.position,
                "kind": r.question.kind,
                "text": r.question.text,
                "scale_max": r.question.scale_max,
                "groups": [
                    {
                        "group": g.group,
                        "respondents": g.respondents,
                        "mean": None if g.mean is None else str(g.mean),
                        "options": [
                            {
                                "label": s.label,
                                "count": s.count,
                                "percent": None if s.percent is None else str(s.percent),
                            }
                            for s in g.shares
                        ],
                        "hidden": g.hidden,
                    }
                    for g in r.groups
                ],
            }
            for r in figures.questions
        ],
    }
