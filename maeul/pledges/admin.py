"""Pledge sheets in the operator's admin (officials use the pledge pages under /pledges/).
Saving goes through ``pledge_record_save`` (status history + audit entry); indicators are
validated by the same rule as the service (weights, 0-100 %)."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from maeul.auditlog.services import audit_record
from maeul.core.admin_base import OperatorAdmin, OperatorStackedInline, OperatorTabularInline
from maeul.core.errors import ServiceError
from maeul.pledges import models as m
from maeul.pledges.progress import ProgressInputError, check_achievement, parse_achievement
from maeul.pledges.services import IndicatorInput, pledge_record_save, validate_indicators


class PledgeSheetAdmin(OperatorAdmin):
    """The operator may correct a pledge sheet here; ``pledge_record_save`` is not durable
    (it runs inside the admin's transaction) and writes the audit log."""

    writable = True


if TYPE_CHECKING:  # the stubs' generics; Django's own classes take no type arguments
    IndicatorModelForm = forms.ModelForm[m.Indicator]
else:
    IndicatorModelForm = forms.ModelForm


class IndicatorForm(IndicatorModelForm):
    achievement = forms.CharField(
        label=_("Achievement"),
        help_text=_("A percentage (66 or 66%) or a fraction of steps done (1/3)."),
    )

    class Meta:
        model = m.Indicator
        fields = ["year", "order", "name", "weight", "target", "result"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            a = self.instance.achievement
            self.initial["achievement"] = (
                f"{a * 100}" if (a * 100).denominator == 1 else f"{a.numerator}/{a.denominator}"
            )

    def clean_achievement(self) -> Fraction:
        try:
            value = parse_achievement(self.cleaned_data["achievement"])
            check_achievement(value)
        except ProgressInputError as error:
            raise forms.ValidationError(
                _("The achievement must be between 0 and 100 % (or a fraction such as 1/3).")
            ) from error
        return value

    def save(self, commit: bool = True) -> m.Indicator:
        value = self.cleaned_data["achievement"]
        self.instance.achievement_numerator = value.numerator
        self.instance.achievement_denominator = value.denominator
        indicator: m.Indicator = super().save(commit)
        return indicator


if TYPE_CHECKING:
    IndicatorInlineFormSet = forms.BaseInlineFormSet[m.Indicator, m.Pledge, forms.ModelForm[Any]]
else:
    IndicatorInlineFormSet = forms.BaseInlineFormSet


class IndicatorFormSet(IndicatorInlineFormSet):
    def clean(self) -> None:
        super().clean()
        rows = [
            IndicatorInput(
                year=f.cleaned_data.get("year", ""),
                name=f.cleaned_data.get("name", ""),
                weight=f.cleaned_data.get("weight") or 0,
                achievement=f.cleaned_data["achievement"],
            )
            for f in self.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and "achievement" in f.cleaned_data
        ]
        if rows:
            try:
                validate_indicators(rows)
            except ServiceError as error:
                raise forms.ValidationError(error.message) from error


class IndicatorInline(OperatorTabularInline):
    model = m.Indicator
    form = IndicatorForm
    formset = IndicatorFormSet
    extra = 0


class DecisionInline(OperatorTabularInline):
    model = m.PolicyDecision
    extra = 0


class TaskInline(OperatorTabularInline):
    model = m.PledgeTask
    extra = 0


class FundingInline(OperatorTabularInline):
    model = m.FundingPlan
    extra = 0


class ExecutionInline(OperatorTabularInline):
    model = m.Execution
    extra = 0


class YearPlanInline(OperatorStackedInline):
    model = m.YearPlan
    extra = 0


class MilestoneInline(OperatorTabularInline):
    model = m.Milestone
    extra = 0


@admin.register(m.PledgeGoal)
class PledgeGoalAdmin(OperatorAdmin):
    """Read-only: goals and fields come with the pledge table import (/pledges/<place>/import/)."""

    list_display = ["name", "municipality", "order"]
    list_filter = ["municipality"]


@admin.register(m.PledgeField)
class PledgeFieldAdmin(OperatorAdmin):
    list_display = ["name", "goal", "order"]


@admin.register(m.Pledge)
class PledgeAdmin(PledgeSheetAdmin):
    list_display = ["number", "title", "municipality", "field", "status", "department"]
    list_filter = ["municipality", "status", "field__goal"]
    search_fields = ["title", "department"]
    ordering = ["municipality", "number"]
    inlines = [
        DecisionInline,
        TaskInline,
        FundingInline,
        ExecutionInline,
        YearPlanInline,
        MilestoneInline,
        IndicatorInline,
    ]

    def save_model(self, request: HttpRequest, obj: m.Pledge, form: Any, change: bool) -> None:
        pledge_record_save(actor=request.user, pledge=obj, changed=form.changed_data)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        if formset.has_changed():
            audit_record(
                kind="pledges.sheet_rows_saved",
                actor=request.user,
                subject=form.instance,
                municipality=form.instance.municipality,
                data={"number": form.instance.number, "table": formset.model._meta.model_name},
            )


@admin.register(m.ProgressReport)
class ProgressReportAdmin(OperatorAdmin):
    """Read-only here: reports are decided on the review screen (approve / return)."""

    list_display = ["pledge", "year", "half", "state", "submitted_at"]
    list_filter = ["state", "year"]
