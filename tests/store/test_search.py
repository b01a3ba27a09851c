"""Full-text and person search: Danish folding, stems, prefixes, phrases, person + words."""

import pytest

from pipeline.core import Person
from pipeline.store import Store, connect_reader, search_quotes, search_sentences
from pipeline.store.fts import MAX_EXPANSION, PREFIX_INDEX, parse_query

AARHUS_PERSONS = [
    Person(
        "Bjørn Østergaard",
        aliases=["Østergaard", "rådmand Bjørn Østergaard"],
        roles=["rådmand"],
        party="Ø",
    ),
    Person("Åse Kjærsgaard", aliases=["Kjærsgaard"], roles=["socialchef"]),
]
AARHUS_QUOTES = [
    ("Ventetiden i Århus er blevet kortere for familierne", "Bjørn Østergaard"),
    ("Sagsbehandlingstiden skal ned, og børnesamtalerne skal holdes", "Åse Kjærsgaard"),
    ("Vi har ansat flere socialrådgivere i børnefamilieafdelingen", "Bjørn Østergaard"),
]


@pytest.fixture
def db(tmp_path, analysis_factory):
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        store.save(analysis_factory())  # Stevns, 2020: Mortensen and Hansen
        store.save(
            analysis_factory(
                path="/data/aarhus-2019.txt",
                sha="b" * 64,
                date="2019-03-14",
                municipality="Århus",
                quotes=AARHUS_QUOTES,
                persons=AARHUS_PERSONS,
            )
        )
        store.save(
            analysis_factory(
                path="/data/aarhus-2021.txt",
                sha="c" * 64,
                date="2021-11-02",
                municipality="Århus",
                quotes=[("Familierne i Aarhus får hjælp hurtigere end før", "Bjørn Østergaard")],
                persons=AARHUS_PERSONS[:1],
            )
        )
    return path


def quotes(conn, **kwargs):
    return [r["quote"] for r in search_quotes(conn, **kwargs)]


def test_aarhus_and_aarhus_spelled_with_aa_find_each_other(db):
    with connect_reader(db) as conn:
        for query in ["Århus", "Aarhus", "aarhus", "ÅRHUS"]:
            assert len(quotes(conn, text=query)) == 2, query
        assert len(search_sentences(conn, "Aarhus")) == 2


def test_ae_oe_aa_typed_as_digraphs_or_plain_letters(db):
    with connect_reader(db) as conn:
        assert quotes(conn, text="boernesamtalerne") == quotes(conn, text="børnesamtalerne")
        assert len(quotes(conn, text="børnesamtale")) == 1
        for name in ["Bjorn Ostergaard", "Bjoern Oestergaard", "bjørn østergaard", "Ostergaard"]:
            assert len(quotes(conn, person=name)) == 3, name
        for name in ["Ase Kjaersgaard", "Aase Kjærsgaard", "Kjaersgaard"]:
            assert len(quotes(conn, person=name)) == 1, name


def test_role_phrase_with_municipality_in_either_spelling(db):
    with connect_reader(db) as conn:
        for query in ["rådmanden i Århus", "raadmanden i Aarhus", "socialchefen i Aarhus"]:
            rows = search_quotes(conn, person=query)
            assert rows, query
        assert quotes(conn, person="rådmanden i Stevns") == []
        assert quotes(conn, person="socialchefen i Stevns") == []


def test_stems_join_inflections_both_ways(db):
    with connect_reader(db) as conn:
        assert len(quotes(conn, text="sagsbehandlingstid")) == 2
        assert len(quotes(conn, text="sagsbehandlingstiderne")) == 2
        assert len(quotes(conn, text="familie")) == 2  # "familierne" in two quotes
        assert quotes(conn, text="sagsbehandlingsfrist") == []


def test_prefix_short_uses_index_and_long_is_expanded(db):
    with connect_reader(db) as conn:
        assert len(quotes(conn, text="sag*")) == 3  # sagsbehandlingen, -tiden (twice)
        long_prefix = "børnefamilie*"
        assert len(parse_query(long_prefix).parts[0].tokens[0]) > PREFIX_INDEX
        assert quotes(conn, text=long_prefix) == [AARHUS_QUOTES[2][0]]
        assert quotes(conn, text="børnefamiliehus*") == []
        assert quotes(conn, text="xyz*") == []
        # the prefix is stemmed like the index: "familie*" finds "familierne" (stem "famili")
        rows = search_quotes(conn, text="familie*")
        assert len(rows) == 2
        assert all(
            [r["quote"][a:b].lower() for a, b in r["matches"]] == ["familierne"] for r in rows
        )


def test_broad_long_prefix_is_checked_row_by_row(tmp_path, analysis_factory):
    words = [f"ledelsestilsyn{chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(80)]
    assert len(words) > MAX_EXPANSION
    path = tmp_path / "many.sqlite"
    quotes_ = [
        (" ".join(words), "Anette Mortensen"),
        ("Ledelsesinformationen mangler", "Steen S. Hansen"),
    ]
    with Store(path) as store:
        store.save(analysis_factory(quotes=quotes_))
    with connect_reader(path) as conn:
        fts = parse_query("ledelsestilsyn*")
        assert fts.plan(conn, "quotes_vocab") == ('"ledels" *', False)  # a superset ...
        assert quotes(conn, text="ledelsestilsyn*") == [quotes_[0][0]]  # ... checked per row
        assert len(quotes(conn, text="ledels*")) == 2
        assert len(quotes(conn, text='"ledelsestilsynaa ledelsestilsynab"')) == 1
        assert quotes(conn, text="ledelsestilsynzz*") == []
        assert len(search_sentences(conn, "ledelsestilsyn*")) == 2  # also the finding sentence


def test_phrase_needs_words_in_order(db):
    with connect_reader(db) as conn:
        assert len(quotes(conn, text='"flere socialrådgivere"')) == 1
        assert quotes(conn, text='"socialrådgivere flere"') == []
        assert len(quotes(conn, text='"hjælp hurtigt"')) == 1  # phrase words are stemmed too
        assert quotes(conn, text='"Aarhus hjælp"') == []


def test_person_and_words_together(db):
    with connect_reader(db) as conn:
        assert quotes(conn, person="Østergaard", text="familie") == [
            "Familierne i Aarhus får hjælp hurtigere end før",
            "Ventetiden i Århus er blevet kortere for familierne",
        ]  # newest first
        assert quotes(conn, person="Østergaard", text="sagsbehandlingstid") == []
        assert len(quotes(conn, person="Kjærsgaard", text="sagsbehandlingstid")) == 1
        assert len(quotes(conn, person="Østergaard", text='"flere socialrådgivere"')) == 1
        assert len(quotes(conn, person="Østergaard", text="socialråd*")) == 1
        assert quotes(conn, person="Østergaard", text="xyz*") == []


def test_person_matching_agrees_with_fts5(db):
    """The row-by-row check used for a person's quotes finds exactly what FTS5 finds."""
    searches = [
        "familie",
        "Aarhus",
        "sag*",
        "s*",
        "børnefamilie*",
        '"flere socialrådgivere"',
        '"socialrådgivere flere"',
        "hjælp før",
        "hjælp xyz",
    ]
    with connect_reader(db) as conn:
        rows = conn.execute("SELECT rowid, terms FROM quotes_fts").fetchall()
        for search in searches:
            fts = parse_query(search)
            by_fts = {
                r[0]
                for r in conn.execute(
                    "SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH ?", (fts.expression,)
                )
            }
            assert {rowid for rowid, terms in rows if fts.matches(terms)} == by_fts, search


def test_only_the_person_asked_for(db):
    with connect_reader(db) as conn:
        assert {r["speaker"] for r in search_quotes(conn, person="Mortensen")} == {
            "Anette Mortensen"
        }
        rows = search_quotes(conn, person="Anette Mortensen", text="fundament")
        assert [r["sentence"].startswith("– Vi har lagt") for r in rows] == [True]


def test_quote_rows_carry_document_and_sentence(db):
    with connect_reader(db) as conn:
        (row,) = search_quotes(conn, text="ventetid")
        assert row["document"] == "/data/aarhus-2019.txt"
        assert row["date"] == "2019-03-14"
        assert row["person"] == "Bjørn Østergaard"
        assert row["quote"] in row["sentence"]
        assert row["matches"] == [(0, len("Ventetiden"))]


def test_empty_or_symbol_only_search_is_a_clear_error(db):
    with connect_reader(db) as conn:
        for bad in ["   ", "*", '""', "!!", "- –"]:
            with pytest.raises(ValueError, match="empty search"):
                search_quotes(conn, text=bad)


def test_fts_syntax_in_user_input_is_not_interpreted(db):
    with connect_reader(db) as conn:
        assert quotes(conn, text="familie OR sagsbehandlingstid") == []  # OR is just a word
        assert quotes(conn, text="NOT familie") == []
        assert len(quotes(conn, text="familie^")) == 2


def test_person_filter_is_not_cut_by_the_ranking_bound(tmp_path, analysis_factory, monkeypatch):
    from pipeline.store import queries

    monkeypatch.setattr(queries, "MAX_RANKED", 2)
    path = tmp_path / "bound.sqlite"
    with Store(path) as store:
        store.save(analysis_factory(path="/old.txt", date="2015-01-01"))  # Mortensen, Hansen
        for i in range(4):  # newer quotes with the same word by someone else
            store.save(
                analysis_factory(
                    path=f"/new{i}.txt",
                    sha=f"{i}" * 64,
                    date=f"202{i}-01-01",
                    quotes=[(f"Sagsbehandlingen tager tid, del {i}", "Ole Bak")],
                    persons=[Person("Ole Bak")],
                )
            )
    with connect_reader(path) as conn:
        assert len(quotes(conn, text="sagsbehandling")) == 2  # only the newest two are ranked
        assert quotes(conn, person="Anette Mortensen", text="sagsbehandling") == [
            "Vi har lagt et godt fundament for sagsbehandlingen"
        ]


@pytest.mark.parametrize("person", ["Bjørn Østergaard", "Åse Kjærsgaard", "Anette Mortensen"])
@pytest.mark.parametrize("search", ["familie", "i", "sag*", "er", '"i aarhus"', "børnefamilie*"])
def test_person_search_by_either_side_finds_the_same(db, person, search):
    """Few hits (FTS5 lists them) or many (the person's quotes are checked): same answer."""
    with connect_reader(db) as conn:
        fts = parse_query(search)
        expected = [
            r[0]
            for r in conn.execute(
                "SELECT q.text FROM quotes q JOIN persons p ON p.id = q.person_id "
                "WHERE p.name = ? AND q.id IN (SELECT rowid FROM quotes_fts WHERE quotes_fts "
                "MATCH ?) ORDER BY q.date DESC, q.document_id, q.start",
                (person, fts.expression),
            )
        ]
        assert quotes(conn, person=person, text=search) == expected
