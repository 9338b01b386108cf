from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    """Long work off the request, with a progress page.

    A foundation app: programmes register the kinds of long work they do (``kinds.register``
    in their own ``jobs.py``, imported from their ``AppConfig.ready``), start one with
    ``services.start`` and write the work as a function of a :class:`~maeul.jobs.runner.Runner`.
    This app stores the job, runs it in a task, keeps nothing half-done when it fails and tells
    the owner when it ends. It knows no programme's models.
    """

    name = "maeul.jobs"
    label = "jobs"
    verbose_name = _("Background jobs")

    def ready(self) -> None:
        from maeul.jobs import notices  # noqa: F401  (registers the two notice kinds)
