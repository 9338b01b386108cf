"""Move the budget school from budgeting into outreach courses (issue 20: one model, not two).

Every cycle with recorded ``budgeting.SchoolSession`` rows or reported school figures
(``CycleSummary.school_sessions``/``school_attendance``) gets one course of kind
``pb_budget_school``: the sessions become course sessions with their head count, and the
reported figures stay as reported figures of the course. Budgeting's next migration drops
the old table and columns; the reverse copies them back.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


def school_title(cycle: Any) -> str:
    return f"{cycle.cycle_year} 주민참여예산학교 ({cycle.title})"[:200]


def forward(apps: Any, schema_editor: Any) -> None:
    Cycle = apps.get_model("budgeting", "Cycle")
    SchoolSession = apps.get_model("budgeting", "SchoolSession")
    CycleSummary = apps.get_model("budgeting", "CycleSummary")
    Course = apps.get_model("outreach", "Course")
    Session = apps.get_model("outreach", "Session")
    summaries = {s.cycle_id: s for s in CycleSummary.objects.all()}
    with_sessions = set(SchoolSession.objects.values_list("cycle_id", flat=True))
    reported = {pk for pk, s in summaries.items() if s.school_sessions or s.school_attendance}
    for cycle in Cycle.objects.filter(pk__in=with_sessions | reported).order_by("pk"):
        sessions = list(SchoolSession.objects.filter(cycle=cycle).order_by("held_on", "pk"))
        summary = summaries.get(cycle.pk)
        online = bool(sessions) and all(s.online for s in sessions)
        course = Course.objects.create(
            municipality_id=cycle.municipality_id,
            kind="pb_budget_school",
            cycle=cycle,
            title=school_title(cycle),
            year=cycle.cycle_year,
            mode="online" if online else "offline",
            required_sessions=1,
            starts_on=sessions[0].held_on if sessions else None,
            ends_on=sessions[-1].held_on if sessions else None,
            reported_sessions=summary.school_sessions or None if summary else None,
            reported_attendance=summary.school_attendance or None if summary else None,
        )
        for number, old in enumerate(sessions, start=1):
            Session.objects.create(
                course=course,
                number=number,
                title=old.title,
                held_on=old.held_on,
                online=old.online,
                headcount=old.attendance,
            )


def backward(apps: Any, schema_editor: Any) -> None:
    SchoolSession = apps.get_model("budgeting", "SchoolSession")
    CycleSummary = apps.get_model("budgeting", "CycleSummary")
    Course = apps.get_model("outreach", "Course")
    for course in Course.objects.filter(kind="pb_budget_school"):
        for session in course.sessions.order_by("number"):
            SchoolSession.objects.create(
                cycle_id=course.cycle_id,
                held_on=session.held_on or course.starts_on,
                title=session.title[:120],
                online=session.online,
                attendance=session.headcount or 0,
            )
        CycleSummary.objects.filter(cycle_id=course.cycle_id).update(
            school_sessions=course.reported_sessions or 0,
            school_attendance=course.reported_attendance or 0,
        )
        course.delete()


class Migration(migrations.Migration):
    dependencies = [
        ("outreach", "0002_budget_school_course"),
        ("budgeting", "0014_city_citizen_pb"),
    ]

    operations = [migrations.RunPython(forward, backward)]
