"""``{{ text|particles }}``: Korean particles resolved after the values are in (maeul.core.korean).

Use with ``{% blocktranslate asvar message %}`` when a translated sentence puts a particle
after a value: ``{{ message|particles }}``."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeData, mark_safe

from maeul.core.korean import particles as resolve

register = template.Library()


@register.filter(name="particles")
def particles(value: object) -> str:
    """Resolve the markers; escaped text stays escaped (only Hangul is substituted)."""
    text = resolve(str(value))
    return mark_safe(text) if isinstance(value, SafeData) else text
