"""Korean particles chosen by the sound that precedes them (issue 23).

Korean attaches a particle to the word before it, and its form depends on whether that word
ends in a consonant: 금천구**는** but 가산동**은**, 제안 16**이** but 제안 2**가**. Messages are
translated before the values are known, so a catalogue writes both forms in the old
government-form style — ``%(name)s은(는)`` — and :func:`particles` picks the right one once the
values are in. It reads the character just before each marker:

- a Hangul syllable: its final consonant (받침), decoded from the Unicode block;
- a digit: how the number is read (1 일, 3 삼, 6 육, 7 칠, 8 팔, 0 영 end in a consonant;
  2 이, 4 사, 5 오, 9 구 do not); ``10`` reads 십, ``100`` 백, ``1000`` 천 — only the last
  digit matters except for round numbers, handled by counting trailing zeros;
- a Latin letter: how it is usually read aloud in Korean (L, M, N, R end in a consonant);
- a closing quote, bracket or HTML tag: looks past it to the word inside.

``(으)로`` follows ㄹ like a vowel (서울로, 금천구로, 가산동으로). When the character gives no
answer (an emoji, nothing at all) both forms stay, which is still correct Korean.
"""

from __future__ import annotations

import re

# marker -> (form after a final consonant, form after a vowel)
MARKERS: dict[str, tuple[str, str]] = {
    "은(는)": ("은", "는"),
    "이(가)": ("이", "가"),
    "을(를)": ("을", "를"),
    "과(와)": ("과", "와"),
    "와(과)": ("과", "와"),
    "(으)로": ("으로", "로"),
    "이(라)": ("이라", "라"),
    "아(야)": ("아", "야"),
}
_PATTERN = re.compile("|".join(re.escape(marker) for marker in MARKERS))

HANGUL_FIRST, HANGUL_LAST = 0xAC00, 0xD7A3
RIEUL = 8  # index of ㄹ among the 28 final-consonant slots (0 = none)
DIGIT_FINALS = {"0": "ㅇ", "1": "ㄹ", "3": "ㅁ", "6": "ㄱ", "7": "ㄹ", "8": "ㄹ"}
ROUND_FINALS = {1: "ㅂ", 2: "ㄱ", 3: "ㄴ", 4: "ㄴ"}  # 십, 백, 천, 만 (10, 100, 1000, 10000)
LATIN_FINALS = {"l": "ㄹ", "m": "ㅁ", "n": "ㄴ", "r": "ㄹ"}
SKIPPED = "\"'“”‘’»)]}》」』〉 "
TRAILING_MARKUP = re.compile(r"(?:<[^<>]*>|&[#a-zA-Z0-9]+;)$")


def _final_of(text: str) -> str | None:
    """The final consonant of ``text`` as it is read ('' for a vowel), or None when unknown."""
    stripped = text
    while True:  # look past closing quotes, brackets and markup to the word itself
        trimmed = TRAILING_MARKUP.sub("", stripped.rstrip(SKIPPED))
        if trimmed == stripped:
            break
        stripped = trimmed
    if not stripped:
        return None
    last = stripped[-1]
    code = ord(last)
    if HANGUL_FIRST <= code <= HANGUL_LAST:
        index = (code - HANGUL_FIRST) % 28
        return "" if index == 0 else ("ㄹ" if index == RIEUL else "ㅁ")
    if last.isdigit() and last.isascii():
        digits = re.search(r"[0-9]+$", stripped)
        number = digits.group(0) if digits else last
        if last == "0" and number.strip("0"):
            zeros = len(number) - len(number.rstrip("0"))
            return ROUND_FINALS.get(zeros if zeros <= 4 else 4, "ㄴ")
        return DIGIT_FINALS.get(last, "")
    if last.isascii() and last.isalpha():
        return LATIN_FINALS.get(last.lower(), "")
    return None


def particles(text: str) -> str:
    """``text`` with every ``은(는)``-style marker replaced by the form its word takes."""
    if "(" not in text:
        return text
    pieces: list[str] = []
    position = 0
    for match in _PATTERN.finditer(text):
        before = text[position : match.start()]
        pieces.append(before)
        final = _final_of("".join(pieces))
        consonant, vowel = MARKERS[match.group(0)]
        if final is None:
            pieces.append(match.group(0))
        elif match.group(0) == "(으)로":
            pieces.append(vowel if final in ("", "ㄹ") else consonant)
        else:
            pieces.append(consonant if final else vowel)
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces)
