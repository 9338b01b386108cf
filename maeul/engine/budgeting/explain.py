"""Render an outcome's trace as sentences, in Korean (default) or English.

Each :class:`~.model.Step` event has one template per language; numbers are shown exactly
(amounts with thousands separators, fractions as ``~0.4167 (5/12)``), so that an official can
check every decision by hand and read it aloud at a committee meeting.
"""

from __future__ import annotations

from fractions import Fraction

from .model import Outcome, Step, Value
from .numbers import display_amount

_TEMPLATES: dict[str, tuple[str, str]] = {
    # event: (English, Korean)
    "select": ("selected {project}{details}", "{project} 선정{details}"),
    "select-free": ("selected {project} (costs nothing)", "{project} 선정 (사업비 0)"),
    "select-greedy": (
        "completion: selected {project} (cost {cost}, {left} left)",
        "보완 단계: {project} 선정 (사업비 {cost}, 잔액 {left})",
    ),
    "select-unsupported": (
        "selected {project}, which nobody voted for, because it still fits",
        "득표 없는 {project}를 예산 범위 안이라 선정",
    ),
    "never-unsupported": (
        "not funded, because nobody approved them: {projects} (Maeul's rule for Phragmén;"
        " --zero-approval fund funds them while they fit, as pabutools does)",
        "득표 없는 사업은 선정하지 않음: {projects} (Maeul의 순차 프라그멘 규칙;"
        " --zero-approval fund는 pabutools처럼 예산 범위 안에서 선정)",
    ),
    "skip": (
        "skipped {project}: costs {cost}, only {left} left",
        "{project} 제외: 사업비 {cost}원이 잔액 {left}원을 초과",
    ),
    "stop": ("stopped at {project}{details}", "{project}에서 선정 중단{details}"),
    "not-reached": (
        "not considered {project} (the selection had stopped)",
        "{project}: 선정이 중단되어 검토하지 않음",
    ),
    "unaffordable": (
        "{project} dropped: its supporters can no longer pay its cost {cost}",
        "{project} 탈락: 지지자들의 남은 몫으로 사업비 {cost}원을 낼 수 없음",
    ),
    "tie": ("tie {details}: chose {project}", "동점 {details}: {project} 우선"),
    "ineligible": ("{project} is ineligible: {reason}", "{project} 선정 제외(자격 미달): {reason}"),
    "group": ("group {project} {name}: cap {cap}", "분야 {project} {name}: 한도 {cap}원"),
    "group-end": ("group {project}: {left} left", "분야 {project}: 잔액 {left}원"),
    "pool": (
        "leftovers pooled: {pool} for a final pass over unselected projects",
        "잔액 통합: {pool}원으로 미선정 사업을 다시 검토",
    ),
    "add1": (
        "add1 completion: per-voter share {share} after {iterations} runs",
        "add1 보완: 투표자 1인당 몫 {share} ({iterations}회 계산)",
    ),
    "greedy-fill": (
        "greedy completion with {left} left",
        "잔액 {left}원으로 다수득표순 보완",
    ),
    "compare": (
        "comparison with greedy: {prefer_mes} voters prefer MES, {prefer_greedy} prefer"
        " greedy; kept {kept}",
        "다수득표 방식과 비교: MES 선호 {prefer_mes}명, 다수득표 선호 {prefer_greedy}명;"
        " {kept} 결과 채택",
    ),
    "end": (
        "no remaining project is affordable by its supporters; spent {spent}",
        "지지자들이 낼 수 있는 사업이 더 없음; 누적 사업비 {spent}원",
    ),
    "stop-unsupported": ("stopped: unsupported projects no longer fit", "중단: 예산 초과"),
    "no-voters": ("no ballots: nothing is selected", "투표가 없어 선정 사업 없음"),
}

_LABELS: dict[str, tuple[str, str]] = {
    "score": ("score", "점수"),
    "committee_share": ("committee share", "위원회 비율"),
    "public_share": ("public share", "주민 비율"),
    "cost": ("cost", "사업비"),
    "left": ("left", "잔액"),
    "alpha": ("price per unit of utility", "효용 1단위당 가격"),
    "payment": ("each supporter pays", "지지자 1인 부담"),
    "supporters": ("supporters", "지지자"),
    "paying_all": ("paying all they have", "남은 몫 전액 부담"),
    "paying_share": ("paying the full share", "균등 부담"),
    "spent": ("spent", "누적 사업비"),
    "load": ("supporters' load", "지지자 부담"),
    "tied": ("between", "대상"),
    "after": ("with", "상대"),
    "by": ("broken by", "기준"),
}

_BY = {
    "public_share": ("higher public share", "주민 비율이 높은 사업"),
    "cost": ("lower cost", "사업비가 적은 사업"),
    "id": ("project id", "사업 번호"),
}


def _fmt(value: Value) -> str:
    if isinstance(value, str):
        return value
    value = Fraction(value)
    if value.denominator == 1:
        return display_amount(value)
    text = display_amount(value)
    if text.startswith("~"):
        return text
    return f"{text} ({value})" if len(text) > 14 else text


def render_step(step: Step, lang: str = "ko") -> str:
    """One line for one step."""
    ko = lang == "ko"
    english, korean = _TEMPLATES.get(step.event, ("{event} {project}{details}",) * 2)
    template = korean if ko else english
    values = {k: _fmt(v) for k, v in step.values}
    if "by" in values and values["by"] in _BY:
        values["by"] = _BY[values["by"]][1 if ko else 0]
    used = {k for k in values if "{" + k + "}" in template}
    rest = [(k, v) for k, v in values.items() if k not in used]
    details = ""
    if rest:
        parts = [f"{_LABELS.get(k, (k, k))[1 if ko else 0]} {v}" for k, v in rest]
        details = " (" + ", ".join(parts) + ")"
    fields = dict.fromkeys(
        ("name", "reason", "cost", "left", "pool", "cap", "share", "spent", "projects"), ""
    )
    fields.update(values)
    fields.update(event=step.event, project=step.project or "", details=details)
    prefix = f"[{step.round}] " if step.round else ""
    return prefix + template.format(**fields).strip()


def explain(outcome: Outcome, lang: str = "ko") -> str:
    """The whole trace, one line per step, followed by the result."""
    lines = [render_step(step, lang) for step in outcome.trace]
    chosen = ", ".join(outcome.selected) or ("없음" if lang == "ko" else "none")
    total = display_amount(outcome.total_cost)
    if lang == "ko":
        lines.append(f"선정 사업 {len(outcome.selected)}건: {chosen} / 총 사업비 {total}")
        lines.extend(f"자격 미달 {item.project}: {item.reason_ko}" for item in outcome.ineligible)
    else:
        lines.append(f"selected {len(outcome.selected)}: {chosen}; total cost {total}")
        lines.extend(f"ineligible {item.project}: {item.reason}" for item in outcome.ineligible)
    return "\n".join(lines)
