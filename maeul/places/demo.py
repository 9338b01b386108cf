"""Demo places: Seoul and its 25 districts, Gwangju with Nam-gu and its 16 dongs, Gyeonggi-do
with Seongnam-si and its dongs. Codes are the national administrative standard codes
(행정표준코드) of the provinces and districts; dong codes are left empty where the seeds do
not give them and we are not sure of them.

Seongnam-si has three non-autonomous gu (수정구 4113100000, 중원구 4113300000, 분당구
4113500000). The tree has no level for them (a gu of a city is not a government), so
Seongnam's dongs hang directly under the city, in gu order, each with its gu in the
description. Bundang-gu's 22 administrative dongs carry their 10-digit 행정동 codes; Sujeong-gu's
and Jungwon-gu's dongs are listed by name only, as their codes could not be checked."""

from __future__ import annotations

from typing import Any

from maeul.places.models import Municipality, MunicipalityKind

ORDER = 10

SEOUL_DISTRICTS = [
    ("1111000000", "jongno-gu", "종로구", "Jongno-gu"),
    ("1114000000", "jung-gu", "중구", "Jung-gu"),
    ("1117000000", "yongsan-gu", "용산구", "Yongsan-gu"),
    ("1120000000", "seongdong-gu", "성동구", "Seongdong-gu"),
    ("1121500000", "gwangjin-gu", "광진구", "Gwangjin-gu"),
    ("1123000000", "dongdaemun-gu", "동대문구", "Dongdaemun-gu"),
    ("1126000000", "jungnang-gu", "중랑구", "Jungnang-gu"),
    ("1129000000", "seongbuk-gu", "성북구", "Seongbuk-gu"),
    ("1130500000", "gangbuk-gu", "강북구", "Gangbuk-gu"),
    ("1132000000", "dobong-gu", "도봉구", "Dobong-gu"),
    ("1135000000", "nowon-gu", "노원구", "Nowon-gu"),
    ("1138000000", "eunpyeong-gu", "은평구", "Eunpyeong-gu"),
    ("1141000000", "seodaemun-gu", "서대문구", "Seodaemun-gu"),
    ("1144000000", "mapo-gu", "마포구", "Mapo-gu"),
    ("1147000000", "yangcheon-gu", "양천구", "Yangcheon-gu"),
    ("1150000000", "gangseo-gu", "강서구", "Gangseo-gu"),
    ("1153000000", "guro-gu", "구로구", "Guro-gu"),
    ("1154500000", "geumcheon-gu", "금천구", "Geumcheon-gu"),
    ("1156000000", "yeongdeungpo-gu", "영등포구", "Yeongdeungpo-gu"),
    ("1159000000", "dongjak-gu", "동작구", "Dongjak-gu"),
    ("1162000000", "gwanak-gu", "관악구", "Gwanak-gu"),
    ("1165000000", "seocho-gu", "서초구", "Seocho-gu"),
    ("1168000000", "gangnam-gu", "강남구", "Gangnam-gu"),
    ("1171000000", "songpa-gu", "송파구", "Songpa-gu"),
    ("1174000000", "gangdong-gu", "강동구", "Gangdong-gu"),
]

GEUMCHEON_DONGS = [
    ("gasan-dong", "가산동", "Gasan-dong"),
    ("doksan-1-dong", "독산1동", "Doksan 1-dong"),
    ("doksan-2-dong", "독산2동", "Doksan 2-dong"),
    ("doksan-3-dong", "독산3동", "Doksan 3-dong"),
    ("doksan-4-dong", "독산4동", "Doksan 4-dong"),
    ("siheung-1-dong", "시흥1동", "Siheung 1-dong"),
    ("siheung-2-dong", "시흥2동", "Siheung 2-dong"),
    ("siheung-3-dong", "시흥3동", "Siheung 3-dong"),
    ("siheung-4-dong", "시흥4동", "Siheung 4-dong"),
    ("siheung-5-dong", "시흥5동", "Siheung 5-dong"),
]

NAMGU_DONGS = [
    ("yangnim-dong", "양림동", "Yangnim-dong"),
    ("banglim-1-dong", "방림1동", "Bangnim 1-dong"),
    ("banglim-2-dong", "방림2동", "Bangnim 2-dong"),
    ("bongseon-1-dong", "봉선1동", "Bongseon 1-dong"),
    ("bongseon-2-dong", "봉선2동", "Bongseon 2-dong"),
    ("sajik-dong", "사직동", "Sajik-dong"),
    ("wolsan-dong", "월산동", "Wolsan-dong"),
    ("wolsan-4-dong", "월산4동", "Wolsan 4-dong"),
    ("wolsan-5-dong", "월산5동", "Wolsan 5-dong"),
    ("baegun-1-dong", "백운1동", "Baegun 1-dong"),
    ("baegun-2-dong", "백운2동", "Baegun 2-dong"),
    ("juwol-1-dong", "주월1동", "Juwol 1-dong"),
    ("juwol-2-dong", "주월2동", "Juwol 2-dong"),
    ("hyodeok-dong", "효덕동", "Hyodeok-dong"),
    ("songam-dong", "송암동", "Songam-dong"),
    ("daechon-dong", "대촌동", "Daechon-dong"),
]

SEONGNAM_GU = {
    "sujeong": ("수정구", "Sujeong-gu"),
    "jungwon": ("중원구", "Jungwon-gu"),
    "bundang": ("분당구", "Bundang-gu"),
}

# (gu, administrative code or None, slug, Korean name, English name)
SEONGNAM_DONGS: list[tuple[str, str | None, str, str, str]] = [
    ("sujeong", None, "sinheung-1-dong", "신흥1동", "Sinheung 1-dong"),
    ("sujeong", None, "sinheung-2-dong", "신흥2동", "Sinheung 2-dong"),
    ("sujeong", None, "sinheung-3-dong", "신흥3동", "Sinheung 3-dong"),
    ("sujeong", None, "taepyeong-1-dong", "태평1동", "Taepyeong 1-dong"),
    ("sujeong", None, "taepyeong-2-dong", "태평2동", "Taepyeong 2-dong"),
    ("sujeong", None, "taepyeong-3-dong", "태평3동", "Taepyeong 3-dong"),
    ("sujeong", None, "taepyeong-4-dong", "태평4동", "Taepyeong 4-dong"),
    ("sujeong", None, "sujin-1-dong", "수진1동", "Sujin 1-dong"),
    ("sujeong", None, "sujin-2-dong", "수진2동", "Sujin 2-dong"),
    ("sujeong", None, "dandae-dong", "단대동", "Dandae-dong"),
    ("sujeong", None, "sanseong-dong", "산성동", "Sanseong-dong"),
    ("sujeong", None, "yangji-dong", "양지동", "Yangji-dong"),
    ("sujeong", None, "bokjeong-dong", "복정동", "Bokjeong-dong"),
    ("sujeong", None, "wirye-dong", "위례동", "Wirye-dong"),
    ("jungwon", None, "seongnam-dong", "성남동", "Seongnam-dong"),
    ("jungwon", None, "jungang-dong", "중앙동", "Jungang-dong"),
    ("jungwon", None, "geumgwang-1-dong", "금광1동", "Geumgwang 1-dong"),
    ("jungwon", None, "geumgwang-2-dong", "금광2동", "Geumgwang 2-dong"),
    ("jungwon", None, "eunhaeng-1-dong", "은행1동", "Eunhaeng 1-dong"),
    ("jungwon", None, "eunhaeng-2-dong", "은행2동", "Eunhaeng 2-dong"),
    ("jungwon", None, "sangdaewon-1-dong", "상대원1동", "Sangdaewon 1-dong"),
    ("jungwon", None, "sangdaewon-2-dong", "상대원2동", "Sangdaewon 2-dong"),
    ("jungwon", None, "sangdaewon-3-dong", "상대원3동", "Sangdaewon 3-dong"),
    ("jungwon", None, "hadaewon-dong", "하대원동", "Hadaewon-dong"),
    ("jungwon", None, "dochon-dong", "도촌동", "Dochon-dong"),
    ("bundang", "4113551000", "bundang-dong", "분당동", "Bundang-dong"),
    ("bundang", "4113552000", "sunae-1-dong", "수내1동", "Sunae 1-dong"),
    ("bundang", "4113553000", "sunae-2-dong", "수내2동", "Sunae 2-dong"),
    ("bundang", "4113554000", "sunae-3-dong", "수내3동", "Sunae 3-dong"),
    ("bundang", "4113554500", "jeongja-dong", "정자동", "Jeongja-dong"),
    ("bundang", "4113555000", "jeongja-1-dong", "정자1동", "Jeongja 1-dong"),
    ("bundang", "4113556000", "jeongja-2-dong", "정자2동", "Jeongja 2-dong"),
    ("bundang", "4113557000", "jeongja-3-dong", "정자3동", "Jeongja 3-dong"),
    ("bundang", "4113558000", "seohyeon-1-dong", "서현1동", "Seohyeon 1-dong"),
    ("bundang", "4113559000", "seohyeon-2-dong", "서현2동", "Seohyeon 2-dong"),
    ("bundang", "4113560000", "imae-1-dong", "이매1동", "Imae 1-dong"),
    ("bundang", "4113561000", "imae-2-dong", "이매2동", "Imae 2-dong"),
    ("bundang", "4113562000", "yatap-1-dong", "야탑1동", "Yatap 1-dong"),
    ("bundang", "4113563000", "yatap-2-dong", "야탑2동", "Yatap 2-dong"),
    ("bundang", "4113564000", "yatap-3-dong", "야탑3동", "Yatap 3-dong"),
    ("bundang", "4113565000", "pangyo-dong", "판교동", "Pangyo-dong"),
    ("bundang", "4113565500", "sampyeong-dong", "삼평동", "Sampyeong-dong"),
    ("bundang", "4113565700", "baekhyeon-dong", "백현동", "Baekhyeon-dong"),
    ("bundang", "4113566200", "geumgok-dong", "금곡동", "Geumgok-dong"),
    ("bundang", "4113566500", "gumi-1-dong", "구미1동", "Gumi 1-dong"),
    ("bundang", "4113567000", "gumi-dong", "구미동", "Gumi-dong"),
    ("bundang", "4113568000", "unjung-dong", "운중동", "Unjung-dong"),
]

DESCRIPTIONS: dict[str, tuple[str, str]] = {
    "seoul": (
        "서울특별시는 25개 자치구의 민관협치를 지원하고, 자치구 협치회의와 숙의 기록을 분기마다 "
        "모아 통계로 공개합니다. 자치구의 지역사회혁신계획은 아직 마을에서 운영하지 않습니다.",
        "Seoul supports the public–civic governance of its 25 districts and publishes the "
        "districts' quarterly deliberation records as statistics. The districts' community "
        "innovation plans are not on Maeul yet.",
    ),
    "seoul-geumcheon-gu": (
        "금천구는 주민참여예산(위원회 50% + 모바일투표 50%)과 구민과 함께하는 공약 이행평가 "
        "배심원단을 운영하며, 혁신 공모전(서면심사와 구민 온라인 투표, 발표 심사)을 엽니다.",
        "Geumcheon-gu runs participatory budgeting (committee 50% + mobile vote 50%) and a "
        "citizens' jury that grades the mayor's election pledges, and holds an innovation "
        "contest (written review and residents' online vote, then live presentations).",
    ),
    "gwangju-nam-gu": (
        "광주광역시 남구는 자치분권협의회, 주민결정 행정시스템(모바일투표·주민총회), "
        "주민참여배심원단, 주민참여포인트제를 운영하고, 광주광역시 시민참여예산에 남구 주민의 "
        "제안을 올립니다(2021년 8건·350백만원 선정).",
        "Gwangju Nam-gu runs an autonomy council, resident decisions by mobile vote and resident "
        "assemblies, a citizens' jury on pledges and participation points, and brings its "
        "residents' proposals to Gwangju's citizen participatory budget (2021: 8 projects, "
        "350 million won selected).",
    ),
    "gyeonggi-seongnam-si": (
        "성남시는 시민권한 확대와 '협치성남' 구현을 공약으로 추진하며, 그 이행을 공개하고 "
        "협치위원회 준비위원회를 운영합니다.",
        "Seongnam pursues its pledge 'Governance Seongnam' to widen citizens' powers, publishes "
        "its progress, and runs a governance preparatory committee.",
    ),
}


def _upsert(slug: str, **fields: Any) -> Municipality:
    description = DESCRIPTIONS.get(slug)
    if description:
        fields["description"], fields["description_en"] = description
    existing = Municipality.objects.filter(slug=slug).first()
    if existing is None:
        municipality = Municipality(slug=slug, **fields)
        municipality.save()
        return municipality
    changed = [name for name, value in fields.items() if getattr(existing, name) != value]
    if changed:
        for name in changed:
            setattr(existing, name, fields[name])
        existing.save()
    return existing


def load(stdout: Any = None) -> None:
    seoul = _upsert(
        "seoul",
        admin_code="1100000000",
        name="서울특별시",
        name_en="Seoul",
        kind=MunicipalityKind.SPECIAL_CITY,
        sort_order=1,
    )
    for order, (code, slug, name, name_en) in enumerate(SEOUL_DISTRICTS):
        _upsert(
            f"seoul-{slug}",
            admin_code=code,
            name=name,
            name_en=name_en,
            kind=MunicipalityKind.DISTRICT,
            parent=seoul,
            sort_order=order,
        )
    geumcheon = Municipality.objects.get(slug="seoul-geumcheon-gu")
    for order, (slug, name, name_en) in enumerate(GEUMCHEON_DONGS):
        _upsert(
            f"geumcheon-{slug}",
            name=name,
            name_en=name_en,
            kind=MunicipalityKind.DONG,
            parent=geumcheon,
            sort_order=order,
        )
    gwangju = _upsert(
        "gwangju",
        admin_code="2900000000",
        name="광주광역시",
        name_en="Gwangju",
        kind=MunicipalityKind.METROPOLITAN_CITY,
        sort_order=2,
    )
    namgu = _upsert(
        "gwangju-nam-gu",
        admin_code="2915500000",
        name="남구",
        name_en="Nam-gu",
        kind=MunicipalityKind.DISTRICT,
        parent=gwangju,
    )
    for order, (slug, name, name_en) in enumerate(NAMGU_DONGS):
        _upsert(
            f"namgu-{slug}",
            name=name,
            name_en=name_en,
            kind=MunicipalityKind.DONG,
            parent=namgu,
            sort_order=order,
        )
    gyeonggi = _upsert(
        "gyeonggi",
        admin_code="4100000000",
        name="경기도",
        name_en="Gyeonggi-do",
        kind=MunicipalityKind.PROVINCE,
        sort_order=3,
    )
    seongnam = _upsert(
        "gyeonggi-seongnam-si",
        admin_code="4113000000",
        name="성남시",
        name_en="Seongnam-si",
        kind=MunicipalityKind.CITY,
        parent=gyeonggi,
    )
    for order, (gu, dong_code, slug, name, name_en) in enumerate(SEONGNAM_DONGS):
        gu_ko, gu_en = SEONGNAM_GU[gu]
        _upsert(
            f"seongnam-{slug}",
            admin_code=dong_code,
            name=name,
            name_en=name_en,
            kind=MunicipalityKind.DONG,
            parent=seongnam,
            sort_order=order,
            description=f"성남시 {gu_ko}",
            description_en=f"{gu_en}, Seongnam-si",
        )
    if stdout is not None:
        stdout.write(f"places: {Municipality.objects.count()} municipalities")
