"""The licences an open-data catalogue can carry.

Korean public bodies publish under 공공누리 (Korea Open Government License); type 1 (source
attribution only) is the default because it lets anyone reuse the tables, commercially too.
A municipality that must publish under another type sets ``MAEUL_OPEN_DATA_LICENCE``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Licence:
    code: str
    title_ko: str
    title_en: str
    url: str

    def as_datapackage(self) -> dict[str, str]:
        return {"name": self.code, "title": f"{self.title_ko} ({self.title_en})", "path": self.url}


LICENCES = {
    licence.code: licence
    for licence in (
        Licence(
            "KOGL-Type1",
            "공공누리 제1유형: 출처표시",
            "Korea Open Government License Type 1: attribution",
            "https://www.kogl.or.kr/info/licenseType1.do",
        ),
        Licence(
            "KOGL-Type2",
            "공공누리 제2유형: 출처표시 + 상업적 이용금지",
            "Korea Open Government License Type 2: attribution, non-commercial",
            "https://www.kogl.or.kr/info/licenseType2.do",
        ),
        Licence(
            "KOGL-Type3",
            "공공누리 제3유형: 출처표시 + 변경금지",
            "Korea Open Government License Type 3: attribution, no derivatives",
            "https://www.kogl.or.kr/info/licenseType3.do",
        ),
        Licence(
            "KOGL-Type4",
            "공공누리 제4유형: 출처표시 + 상업적 이용금지 + 변경금지",
            "Korea Open Government License Type 4: attribution, non-commercial, no derivatives",
            "https://www.kogl.or.kr/info/licenseType4.do",
        ),
        Licence(
            "CC-BY-4.0",
            "크리에이티브 커먼즈 저작자표시 4.0",
            "Creative Commons Attribution 4.0",
            "https://creativecommons.org/licenses/by/4.0/",
        ),
    )
}


def current_licence() -> Licence:
    """The configured licence; settings refuse an unknown code at start-up."""
    return LICENCES[settings.OPEN_DATA_LICENCE]
