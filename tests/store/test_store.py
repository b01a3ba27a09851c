import sqlite3

import pytest

from pipeline.core import Person
from pipeline.store import (
    Store,
    connect_reader,
    list_persons,
    quote_search,
    search_quotes,
    search_sentences,
    theme_summary,
)
from pipeline.store.persons import find_persons


@pytest.fixture
def db(tmp_path):
    return tmp_path / "t.sqlite"


def counts(db):
    with connect_reader(db) as conn:
        return {
            t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("documents", "sentences", "quotes", "findings", "persons", "quotes_fts")
        }


def test_save_and_search_by_person_alias(db, analysis_factory):
    with Store(db) as store:
        store.save(analysis_factory())
    with connect_reader(db) as conn:
        for query in [
            "Anette Mortensen",
            "Mortensen",
            "mortensens",
            "borgmesteren i Stevns",
            "borgmester Anette Mortensen",
            "anette mortensen",
        ]:
            rows = search_quotes(conn, person=query)
            assert [r["speaker"] for r in rows] == ["Anette Mortensen"], query
        # middle initial missing, or given
        assert len(search_quotes(conn, person="Steen Hansen")) == 1
        assert len(search_quotes(conn, person="Steen S. Hansen")) == 1
        assert search_quotes(conn, person="Lise Jensen") == []


def test_person_search_tolerates_missing_danish_letters(db, analysis_factory):
    persons = [Person("Søren Ålund", aliases=["Ålund"], roles=["direktør"])]
    a = analysis_factory(quotes=[("Vi er på rette vej", "Søren Ålund")], persons=persons)
    with Store(db) as store:
        store.save(a)
    with connect_reader(db) as conn:
        for query in ["Soren Alund", "Soeren Aalund", "søren ålund", "Alund", "direktøren"]:
            assert len(search_quotes(conn, person=query)) == 1, query


def test_shared_surname_returns_every_persons_quotes_grouped(db, analysis_factory):
    persons = [
        Person("Steen S. Hansen", aliases=["Hansen"], roles=["udvalgsformand"]),
        Person("Mette Hansen", aliases=["Hansen"], roles=["rådmand"]),
    ]
    a = analysis_factory(
        quotes=[("Det går fremad", "Steen S. Hansen"), ("Det går tilbage", "Mette Hansen")],
        persons=persons,
    )
    with Store(db) as store:
        store.save(a)
    with connect_reader(db) as conn:
        found = quote_search(conn, person="Hansen")
        assert {m.name for m in found.persons} == {"Steen S. Hansen", "Mette Hansen"}
        assert [r["speaker"] for r in found.rows] == [m.name for m in found.persons]
        assert len(search_quotes(conn, person="Mette Hansen")) == 1


def test_full_text_search_stems_and_folds(db, analysis_factory):
    with Store(db) as store:
        store.save(analysis_factory())
    with connect_reader(db) as conn:
        rows = search_quotes(conn, text="sagsbehandlingstid")
        assert [r["speaker"] for r in rows] == ["Steen S. Hansen"]
        assert rows[0]["matches"] == [(0, len("Sagsbehandlingstiden"))]
        assert rows[0]["quote"] == "Sagsbehandlingstiden er stadig for lang"  # unchanged
        assert len(search_quotes(conn, text="sagsbehandling*")) == 2  # prefix
        assert len(search_quotes(conn, text='"godt fundament"')) == 1  # phrase
        assert search_quotes(conn, text='"fundament godt"') == []
        assert len(search_sentences(conn, "ledelsestilsynet")) == 1
        assert search_quotes(conn, text="økonomi") == []


def test_rerun_replaces_without_duplicates(db, analysis_factory):
    with Store(db) as store:
        store.save(analysis_factory())
        first = counts(db)
        store.save(analysis_factory())
        assert counts(db) == first
        assert store.is_current("/data/stevns-2020.txt", "a" * 64)
        assert not store.is_current("/data/stevns-2020.txt", "b" * 64)


def test_changed_file_replaces_rows_atomically(db, analysis_factory, monkeypatch):
    with Store(db) as store:
        store.save(analysis_factory())
        before = counts(db)
        changed = analysis_factory(sha="b" * 64, quotes=[("Nu er alt nyt", "Anette Mortensen")])

        def crash(*args, **kwargs):
            raise RuntimeError("killed mid-write")

        monkeypatch.setattr(store, "_save_rows", crash)
        with pytest.raises(RuntimeError):
            store.save(changed)
        assert counts(db) == before  # the old version is intact
        assert store.is_current("/data/stevns-2020.txt", "a" * 64)
        monkeypatch.undo()
        store.save(changed)
    with connect_reader(db) as conn:
        assert [r["quote"] for r in search_quotes(conn)] == ["Nu er alt nyt"]
        assert conn.execute("SELECT COUNT(*) FROM quotes_fts").fetchone()[0] == 1


def test_failure_keeps_earlier_good_version(db, analysis_factory):
    with Store(db) as store:
        store.save(analysis_factory())
        store.record_failure("/data/stevns-2020.txt", "c" * 64, "truncated or corrupt PDF")
        assert counts(db)["quotes"] == 2
        store.record_failure("/data/broken.pdf", "d" * 64, "truncated or corrupt PDF")
    with connect_reader(db) as conn:
        rows = conn.execute("SELECT path, status, error FROM documents ORDER BY path").fetchall()
    assert [tuple(r) for r in rows] == [
        ("/data/broken.pdf", "failed", "truncated or corrupt PDF"),
        ("/data/stevns-2020.txt", "ok", "truncated or corrupt PDF"),
    ]


def test_persons_merge_across_documents_on_full_name_only(db, analysis_factory):
    with Store(db) as store:
        store.save(analysis_factory(path="/a.txt", date="2018-06-22"))
        other = [
            Person("Steen Hansen", aliases=["Hansen"], roles=["udvalgsformand"], party="S"),
            Person("Anette Mikkelsen", aliases=["Mikkelsen"], roles=["direktør"]),
        ]
        store.save(
            analysis_factory(
                path="/b.txt",
                sha="b" * 64,
                quotes=[("Vi skal videre", "Steen Hansen"), ("Det er svært", "Anette Mikkelsen")],
                persons=other,
            )
        )
    with connect_reader(db) as conn:
        persons = {p["name"]: p for p in list_persons(conn)}
        assert persons["Steen S. Hansen"]["quotes"] == 2
        assert persons["Steen S. Hansen"]["documents"] == 2
        assert "Anette Mikkelsen" in persons  # different surname: a different person
        assert persons["Anette Mortensen"]["documents"] == 1
        newest = search_quotes(conn, person="Steen S. Hansen")
        assert [r["date"] for r in newest] == ["2020-07-07", "2018-06-22"]


def test_prune_removes_vanished_files_and_their_persons(db, analysis_factory, tmp_path):
    kept = tmp_path / "kept.txt"
    kept.write_text("x")
    with Store(db) as store:
        store.save(analysis_factory(path=str(kept)))
        store.save(
            analysis_factory(
                path=str(tmp_path / "gone.txt"),
                sha="b" * 64,
                quotes=[("Farvel", "Ole Bak")],
                persons=[Person("Ole Bak")],
            )
        )
        assert store.prune() == [str(tmp_path / "gone.txt")]
    with connect_reader(db) as conn:
        assert "Ole Bak" not in {p["name"] for p in list_persons(conn)}
        assert conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 1


def test_theme_summary_by_municipality_and_year(db, analysis_factory):
    with Store(db) as store:
        store.save(analysis_factory(path="/a.txt"))
        store.save(analysis_factory(path="/b.txt", date="2018-05-01", municipality="Køge"))
    with connect_reader(db) as conn:
        by_m = theme_summary(conn, by="municipality")
        assert {(r["municipality"], r["theme"], r["negative"]) for r in by_m} == {
            ("Stevns", "leadership", 1),
            ("Køge", "leadership", 1),
        }
        assert {r["year"] for r in theme_summary(conn, by="year")} == {"2018", "2020"}


def test_reader_is_read_only_and_foreign_keys_hold(db, analysis_factory):
    with Store(db) as store:
        store.save(analysis_factory())
        with pytest.raises(sqlite3.IntegrityError):
            store.conn.execute(
                "INSERT INTO quotes (document_id, text, start, end, kind) "
                "VALUES (999, 'x', 0, 1, 'direct')"
            )
    with connect_reader(db) as conn, pytest.raises(sqlite3.OperationalError):
        conn.execute("DELETE FROM quotes")


def test_reader_refuses_missing_database(tmp_path):
    with pytest.raises(FileNotFoundError, match="no such database"):
        connect_reader(tmp_path / "nope.sqlite")


def test_persons_sharing_a_surname_come_most_quoted_first(db, analysis_factory):
    persons = [Person(f"{first} Hansen", aliases=["Hansen"]) for first in ("Ib", "Bo", "Åse")]
    quotes = [("Først", "Ib Hansen"), ("Så", "Åse Hansen"), ("Igen", "Åse Hansen")]
    with Store(db) as store:
        store.save(analysis_factory(quotes=quotes, persons=persons))
    with connect_reader(db) as conn:
        found = quote_search(conn, person="Hansen")
        assert [m.name for m in found.persons] == ["Åse Hansen", "Ib Hansen", "Bo Hansen"]
        assert [r["quote"] for r in found.rows] == ["Så", "Igen", "Først"]
        assert [r["quote"] for r in search_quotes(conn, person="Hansen", limit=2)] == ["Så", "Igen"]


def test_surname_finds_one_person_not_a_false_ambiguity(db, analysis_factory):
    persons = [
        Person("Søren Østergaard", aliases=["Østergaard"], roles=["rådmand"]),
        Person("Rasmus Holm", aliases=["Holm"], roles=["direktør"]),
        Person("Mette Rasmussen", aliases=["Rasmussen"], roles=["formand"]),
    ]
    a = analysis_factory(
        quotes=[
            ("Vi gør det", "Søren Østergaard"),
            ("Vi venter", "Rasmus Holm"),
            ("Vi handler", "Mette Rasmussen"),
        ],
        persons=persons,
    )
    with Store(db) as store:
        store.save(a)
    with connect_reader(db) as conn:
        for query in ["Østergaard", "Oestergaard", "Ostergaard", "østergaards"]:
            assert [r["speaker"] for r in search_quotes(conn, person=query)] == [
                "Søren Østergaard"
            ], query
        assert [r["speaker"] for r in search_quotes(conn, person="Rasmussen")] == [
            "Mette Rasmussen"
        ]


def test_namesakes_in_different_municipalities_and_roles_stay_apart(db, analysis_factory):
    def article(path, municipality, name, roles):
        person = Person(name, aliases=[name.split()[-1]], roles=roles)
        return analysis_factory(
            path=path,
            sha=path[1] * 64,
            municipality=municipality,
            quotes=[("Vi må se på tallene igen", name)],
            persons=[person],
        )

    with Store(db) as store:
        store.save(article("/herning.txt", "Herning", "Ole Thybo", ["direktør"]))
        store.save(article("/skive.txt", "Skive", "Ole B. Thybo", ["borgmester"]))
        # the same name and role elsewhere: the same person, quoted about another town
        store.save(article("/viborg.txt", "Viborg", "Ole Thybo", ["direktør"]))
        # no role known: nothing tells them apart, so the name decides
        store.save(article("/aarhus.txt", "Aarhus", "Ole Thybo", []))
    with connect_reader(db) as conn:
        rows = conn.execute(
            "SELECT p.name, p.municipality, count(d.document_id) FROM persons p "
            "JOIN person_documents d ON d.person_id = p.id "
            "WHERE p.name LIKE 'Ole%' GROUP BY p.id ORDER BY p.id"
        ).fetchall()
        assert [tuple(r) for r in rows] == [
            ("Ole Thybo", "Herning", 3),
            ("Ole B. Thybo", "Skive", 1),
        ]
        assert len(find_persons(conn, "Ole Thybo")) == 2  # a search lists both namesakes


def test_a_full_disk_names_the_database_keeps_what_was_stored_and_resumes(db, analysis_factory):
    from pipeline.store.writer import DiskFull

    paths = [f"/data/{k}.txt" for k in range(200)]
    with Store(db) as store:
        store.save(analysis_factory(path=paths[0]))
        (pages,) = store.conn.execute("PRAGMA page_count").fetchone()
        store.conn.execute(f"PRAGMA max_page_count = {pages}")  # its free pages, then full
        with pytest.raises(DiskFull) as caught:
            for k, path in enumerate(paths[1:], start=1):
                store.save(analysis_factory(path=path, sha=f"{k:064d}"))
        assert not store.conn.in_transaction
    stored = k  # the documents before the one that did not fit
    message = str(caught.value)
    assert message.startswith(f"{db}: disk full while storing {paths[k]}; the {stored} files")
    assert "run the same command again" in message
    with connect_reader(db) as conn:
        assert tuple(conn.execute("PRAGMA integrity_check").fetchone()) == ("ok",)
        assert [r[0] for r in conn.execute("SELECT path FROM documents ORDER BY id")] == (
            paths[:stored]
        )
    with Store(db) as store:  # with room again the same save goes through
        store.save(analysis_factory(path=paths[k], sha=f"{k:064d}"))
    assert counts(db)["documents"] == stored + 1


def test_of_two_alias_spellings_with_one_key_the_persons_name_is_kept(tmp_path, analysis_factory):
    # both orders: set order would keep the same spelling in both, whichever the hash seed
    for name, alias in (("Henrik B. Lauridsen", "Henrik Lauridsen"), ("Ib Holm", "Ib K. Holm")):
        db = tmp_path / f"{name}.sqlite"
        person = Person(name, aliases=[alias, "Lauridsen", "Holm"])
        with Store(db) as store:
            store.save(analysis_factory(quotes=[("Vi bygger nyt", name)], persons=[person]))
        with connect_reader(db) as conn:
            spellings = {r[0] for r in conn.execute("SELECT alias FROM aliases")}
        assert name in spellings and alias not in spellings


def test_a_full_disk_in_a_bulk_save_keeps_the_earlier_batches(db, analysis_factory):
    from pipeline.store.writer import DiskFull

    with Store(db) as store:
        store.save_many([analysis_factory(path="/data/0.txt")])
        (pages,) = store.conn.execute("PRAGMA page_count").fetchone()
        store.conn.execute(f"PRAGMA max_page_count = {pages}")
        batch = [analysis_factory(path=f"/data/{k}.txt", sha=f"{k:064d}") for k in range(1, 200)]
        with pytest.raises(DiskFull, match=r"disk full while storing /data/\d+\.txt; the 1 "):
            store.save_many(batch)
        assert not store.conn.in_transaction
    with connect_reader(db) as conn:
        assert tuple(conn.execute("PRAGMA integrity_check").fetchone()) == ("ok",)
        stored = [r[0] for r in conn.execute("SELECT path FROM documents ORDER BY id")]
    assert stored[0] == "/data/0.txt" and len(stored) < 200
