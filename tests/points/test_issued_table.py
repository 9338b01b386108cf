"""The points-issued open-data table: small periods and their complement left empty."""

from __future__ import annotations


def test_points_issued_hides_a_single_small_month_with_its_complement() -> None:
    """A year's points are the sum of its months: one hidden month would be the year minus
    the others, so the smallest shown month is hidden with it."""
    from maeul.points.exports import _suppressed

    group = [
        ["남구", "2020-01..2020-03", 20, 9000],
        ["남구", "2020-01", 3, 1500],
        ["남구", "2020-02", 6, 3000],
        ["남구", "2020-03", 11, 4500],
    ]
    out = _suppressed(group)
    assert out[0] == ["남구", "2020-01..2020-03", 20, 9000]
    assert [row[2:] for row in out[1:]] == [[None, None], [None, None], [11, 4500]]
    tiny_year = _suppressed([["남구", "2020-01..2020-02", 4, 900], ["남구", "2020-01", 4, 900]])
    assert [row[2:] for row in tiny_year] == [[None, None], [None, None]]
    plain = _suppressed(
        [
            ["남구", "2020-01..2020-02", 12, 900],
            ["남구", "2020-01", 6, 400],
            ["남구", "2020-02", 6, 500],
        ]
    )
    assert [row[2:] for row in plain[1:]] == [[6, 400], [6, 500]]
