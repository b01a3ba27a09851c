"""Dates, municipalities and the document kind found in text."""

from __future__ import annotations

import pytest

from pipeline.ingest.metadata import (
    find_municipality,
    looks_like_report,
    municipalities,
    parse_date,
    parse_pdf_date,
)


def test_ninety_eight_municipalities():
    names = municipalities()
    assert len(names) == 98 == len(set(names))
    assert {"København", "Høje-Taastrup", "Bornholm", "Ærø", "Faxe"} <= set(names)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(Last Updated On: 7. juli 2020)", "2020-07-07"),
        ("Opdateret 22. juni 2018 kl. 10.15", "2018-06-22"),
        ("den 1. dec. 2019", "2019-12-01"),
        ("2021-11-04T09:15:00+01:00", "2021-11-04"),
        ("15.03.2022", "2022-03-15"),
        ("31. februar 2020", None),
        ("i maj 2018", None),
        ("ingen dato her", None),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: str | None):
    assert parse_date(text) == expected


def test_parse_pdf_date():
    assert parse_pdf_date("D:20180514120000+02'00'") == "2018-05-14"
    assert parse_pdf_date("garbage") is None
    assert parse_pdf_date(None) is None


@pytest.mark.parametrize(
    ("title", "first_page", "expected"),
    [
        ("Task Forcens analyse af Faxe Kommune", None, "Faxe"),
        ("Statusrapport", "Rapporten handler om Københavns Kommunes børneområde.", "København"),
        ("Analyse", "Høje-Taastrup Kommune har bedt om hjælp.", "Høje-Taastrup"),
        ("Bornholms Regionskommune: status", None, "Bornholm"),
        ("Stevns: borgmester afviser kritik", None, "Stevns"),
        ("Ny direktør", "Borgmesteren i Sorø siger ja.", None),  # bare name outside title
        ("Ny plan for Faxe Ladeplads havn", None, "Faxe"),
        ("Referat", "Intet kommunenavn nævnes her.", None),
    ],
)
def test_find_municipality(title: str, first_page: str | None, expected: str | None):
    assert find_municipality(title, first_page) == expected


def test_looks_like_report():
    assert looks_like_report("Task Forcens analyse af Faxe Kommune")
    assert looks_like_report(None, "Afsluttende statusrapport")
    assert not looks_like_report("Referat af byrådsmøde", "Dagsorden")


@pytest.mark.parametrize(
    ("dateline", "expected"),
    [
        ("Kolding – Ventetiden på en skolepsykolog er vokset.", "Kolding"),
        ("Esbjerg, 18. oktober 2022", "Esbjerg"),
        ("Fredericia: Et brev er landet hos udvalget.", "Fredericia"),
        ("Borgmester: Vi lukker ikke skolen.", None),  # not a municipality
        ("Ventetiden i Aarhus er faldet.", None),  # a bare name mid-sentence is not enough
    ],
)
def test_municipality_from_news_dateline(dateline: str, expected: str | None):
    assert find_municipality("Nyhed uden stednavn", None, dateline) == expected


def test_report_date_and_title_rules():
    from pipeline.ingest.metadata import parse_month_year
    from pipeline.ingest.pdf import report_date, usable_title

    assert parse_month_year("Statusrapport · Maj 2018") == "2018-05"
    assert parse_month_year("ingen måned") is None
    assert report_date("Rapport 14. maj 2018", "D:20190101") == "2018-05-14"
    assert report_date("Rapport maj 2018", "D:20180522") == "2018-05-22"
    assert report_date("Rapport maj 2018", "D:20210301") == "2018-05-01"  # re-saved file
    assert report_date("Rapport uden dato", "D:20210301") == "2021-03-01"
    assert report_date("Rapport uden dato", "") is None
    assert usable_title("Microsoft Word - analyse_endelig.docx") is None
    assert usable_title("untitled") is None
    assert usable_title("Task Forcens analyse af Faxe Kommune") == (
        "Task Forcens analyse af Faxe Kommune"
    )
