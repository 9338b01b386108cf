"""Outreach (홍보·교육·기록): SNS reporters, academies and schools, resident autonomy
programmes, and the register of the office's records (lawsuits, legal advice, local laws,
council business).

One app rather than four: each part is a handful of models that a municipality reports in the
same plan chapter, with the same public/official split, the same yearly statistics and the same
export pattern; four apps would quadruple the wiring (contracts, urls, catalogues) for no
separation the layer rules need.
"""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "maeul.outreach"
    label = "outreach"
    verbose_name = _("Outreach, education and records")

    def ready(self) -> None:
        # Registers permission rules, the export tables and the home-page programme.
        from maeul.outreach import exports, notices, programme, rules  # noqa: F401
