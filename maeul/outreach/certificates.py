"""Course certificates (수료증) as PDF, with reportlab and the Korean font the foundation
registers (``maeul.core.pdffonts``: NanumGothic, embedded as a subset so the learner's name
prints in every viewer and can be extracted back, as the tests do).

One A4 page: the certificate number, the learner's name, the course, its year and the
sessions attended, the completion date and the issuing municipality. The text is in the
active language; the numbers are the records'.
"""

from __future__ import annotations

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from maeul.core.pdffonts import FONT, FONT_BOLD, register_fonts
from maeul.outreach.models import Enrolment
from maeul.outreach.selectors import attended_sessions


def certificate_pdf(enrolment: Enrolment) -> bytes:
    """The certificate of a completed enrolment, as PDF bytes."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    register_fonts()
    course = enrolment.course
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4, pageCompression=1)
    page.setTitle(f"{_('Certificate of completion')} {enrolment.certificate_number}")
    page.setAuthor(course.municipality.name)
    width, height = A4
    middle = width / 2
    page.setLineWidth(2)
    page.rect(36, 36, width - 72, height - 72)
    page.setFont(FONT, 11)
    page.drawString(60, height - 80, f"{_('No.')} {enrolment.certificate_number}")
    page.setFont(FONT_BOLD, 30)
    page.drawCentredString(middle, height - 180, _("Certificate of completion"))
    page.setFont(FONT_BOLD, 22)
    page.drawCentredString(middle, height - 270, enrolment.name)
    page.setFont(FONT, 14)
    lines = [
        _("completed the course") + f" 「{course.title}」 ({course.year})",
        _("attending %(n)d sessions.") % {"n": attended_sessions(enrolment.pk)},
    ]
    for number, line in enumerate(lines):
        page.drawCentredString(middle, height - 340 - number * 26, line)
    if enrolment.completed_on is not None:
        page.drawCentredString(
            middle, height - 460, date_format(enrolment.completed_on, "DATE_FORMAT")
        )
    page.setFont(FONT_BOLD, 18)
    page.drawCentredString(middle, height - 540, course.municipality.name)
    page.showPage()
    page.save()
    return buffer.getvalue()
