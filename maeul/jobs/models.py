"""One row per piece of long work: who asked, what, how far it is and how it ended."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from maeul.core import textlimits
from maeul.core.textlimits import BoundedTextField


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


FINISHED = (JobState.DONE, JobState.FAILED)


class Job(models.Model):
    """A job of a registered kind (``kind``), visible only to its ``owner``.

    ``params`` are the kind's JSON arguments; an uploaded file waits in ``input_path`` (relative
    to ``settings.JOBS_ROOT``) and is removed when the job ends. The result is a file
    (``result_path``, downloaded under ``result_name``), a link (``result_url``), a sentence
    (``summary``) or any of them. ``message``, ``summary`` and ``error`` are written in
    ``language``, the language of the page where the job was started; an unexpected failure
    stores no text (``error_unexpected``) and the page explains it in the reader's language.
    """

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs"
    )
    municipality = models.ForeignKey(
        "places.Municipality", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=80)
    params = models.JSONField(default=dict, blank=True)
    language = models.CharField(max_length=8, default="ko")
    state = models.CharField(max_length=8, choices=JobState.choices, default=JobState.QUEUED)
    percent = models.PositiveSmallIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    input_path = models.CharField(max_length=200, blank=True)
    result_path = models.CharField(max_length=200, blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    result_type = models.CharField(max_length=120, blank=True)
    result_url = models.CharField(max_length=300, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    error = BoundedTextField(blank=True, max_length=textlimits.TEXT)
    error_unexpected = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="jobs_owner_recent")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(percent__lte=100), name="jobs_percent_at_most_100"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    @property
    def finished(self) -> bool:
        return self.state in FINISHED
