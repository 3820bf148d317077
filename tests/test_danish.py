from __future__ import annotations

import datetime as dt

import pytest

from referat.danish import DateError, find_date, find_times, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16-01-2023", dt.date(2023, 1, 16)),
        ("Mandag d. 16. januar 2023 kl. 09:30", dt.date(2023, 1, 16)),
        ("den 21. marts 2023", dt.date(2023, 3, 21)),
        ("21. mar. 2023", dt.date(2023, 3, 21)),
        ("tors. 5 okt 2023", dt.date(2023, 10, 5)),
        ("04.12.2012", dt.date(2012, 12, 4)),
        ("16/1 2023", dt.date(2023, 1, 16)),
        ("2023-01-16", dt.date(2023, 1, 16)),
        ("1. December 2024", dt.date(2024, 12, 1)),
    ],
)
def test_parse_date(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


def test_impossible_and_missing_dates() -> None:
    with pytest.raises(DateError, match="impossible date '31-02-2023'"):
        find_date("Beslutning den 31-02-2023")
    assert find_date("ingen dato her, kun 1.000 kr.") is None
    with pytest.raises(DateError, match="no date"):
        parse_date("mandag")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mandag d. 16. januar 2023 kl. 09:30", ["09:30"]),
        ("kl. 9.30-12.00", ["09:30", "12:00"]),
        ("Tirsdag d. 21. marts 2023 kl. 16:00-18.30", ["16:00", "18:30"]),
        ("16-01-2023", []),
    ],
)
def test_find_times(text: str, expected: list[str]) -> None:
    assert find_times(text) == expected
