"""Korean particles chosen by the preceding sound (issue 23 item 13)."""

from __future__ import annotations

import pytest

from maeul.core.korean import particles


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("금천구은(는) 자치구입니다", "금천구는 자치구입니다"),
        ("가산동은(는) 동입니다", "가산동은 동입니다"),
        ("제안 #16이(가) 선정되었습니다", "제안 #16이 선정되었습니다"),
        ("제안 #2이(가) 선정되었습니다", "제안 #2가 선정되었습니다"),
        ("제안 #10이(가)", "제안 #10이"),  # 십
        ("제안 #100을(를)", "제안 #100을"),  # 백
        ("제안 #1000은(는)", "제안 #1000은"),  # 천
        ("제안 #9을(를)", "제안 #9를"),
        ("서울(으)로", "서울로"),  # ㄹ takes 로
        ("금천구(으)로", "금천구로"),
        ("가산동(으)로", "가산동으로"),
        ("'주민자치회'와(과) 함께", "'주민자치회'와 함께"),
        ("「예산학교」과(와)", "「예산학교」와"),
        ("행정 3과(와) 민간 5", "행정 3과 민간 5"),
        ("PDF은(는)", "PDF는"),
        ("HTML은(는)", "HTML은"),
        ("금천구은(는) 가산동을(를) 포함합니다", "금천구는 가산동을 포함합니다"),
        ("🙂이(가)", "🙂이(가)"),  # no answer: both forms stay
        ("no markers at all", "no markers at all"),
    ],
)
def test_particles_follow_the_preceding_sound(text: str, expected: str) -> None:
    assert particles(text) == expected


def test_the_template_filter_keeps_escaping() -> None:
    from django.template import Context, Template

    rendered = Template("{% load korean %}{{ name|add:'은(는)'|particles }}").render(
        Context({"name": "<b>금천구</b>"})
    )
    assert rendered == "&lt;b&gt;금천구&lt;/b&gt;는"


def test_service_errors_and_page_messages_resolve_particles() -> None:
    from maeul.core.errors import Conflict

    catalogue_text = "공약번호 %(number)s은(는) 이미 있습니다."  # as gettext returns it
    error = Conflict(catalogue_text % {"number": 12})
    assert error.message == str(error) == "공약번호 12는 이미 있습니다."
