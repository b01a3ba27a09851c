"""Migrations, counts the triggers keep, and the bulk writer's per-document atomicity."""

import sqlite3

import pytest

from pipeline.core import Person
from pipeline.store import Store, connect_reader, list_persons, search_quotes, theme_summary
from pipeline.store.schema import MIGRATIONS, SCHEMA_VERSION, migrate

RECOUNT = """
SELECT coalesce(d.municipality, ''), coalesce(substr(d.date, 1, 4), ''), ft.theme,
       SUM(f.polarity = 'negative'), SUM(f.polarity = 'positive'),
       SUM(f.polarity IS NULL OR f.polarity = 'neutral')
FROM finding_themes ft JOIN findings f ON f.id = ft.finding_id
JOIN documents d ON d.id = f.document_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
"""


def assert_counts_consistent(path):
    with connect_reader(path) as conn:
        kept = conn.execute("SELECT * FROM theme_counts ORDER BY 1, 2, 3").fetchall()
        assert [tuple(r) for r in kept] == [tuple(r) for r in conn.execute(RECOUNT)]
        persons = conn.execute(
            "SELECT p.quotes, (SELECT COUNT(*) FROM quotes q WHERE q.person_id = p.id), "
            "p.documents, (SELECT COUNT(*) FROM person_documents d WHERE d.person_id = p.id) "
            "FROM persons p"
        ).fetchall()
        assert all(r[0] == r[1] and r[2] == r[3] for r in persons)
        distinct = "SELECT DISTINCT person_id, role FROM roles ORDER BY 1, 2"
        kept = "SELECT person_id, role FROM person_roles ORDER BY 1, 2"
        assert conn.execute(kept).fetchall() == conn.execute(distinct).fetchall()


def test_counts_follow_saves_replacements_and_prunes(tmp_path, analysis_factory):
    path = tmp_path / "c.sqlite"
    with Store(path) as store:
        store.save(analysis_factory(path="/a.txt"))
        store.save(analysis_factory(path="/b.txt", date="2018-05-01", municipality="Køge"))
        store.save(analysis_factory(path="/c.txt", municipality=None, date=None))
        assert_counts_consistent(path)
        # a changed file: other date and municipality, fewer quotes
        store.save(
            analysis_factory(
                path="/a.txt",
                sha="b" * 64,
                date="2019-01-01",
                municipality="Køge",
                quotes=[("Nu går det bedre", "Anette Mortensen")],
            )
        )
        assert_counts_consistent(path)
        assert store.prune(keep={"/a.txt"}) == ["/b.txt", "/c.txt"]
        assert_counts_consistent(path)
    with connect_reader(path) as conn:
        assert {(r["municipality"], r["total"]) for r in theme_summary(conn, "municipality")} == {
            ("Køge", 1)
        }
        assert [p["name"] for p in list_persons(conn)] == ["Anette Mortensen", "Steen S. Hansen"]
        assert [p["quotes"] for p in list_persons(conn)] == [1, 0]


def test_unknown_municipality_and_year_are_labelled(tmp_path, analysis_factory):
    path = tmp_path / "u.sqlite"
    with Store(path) as store:
        store.save(analysis_factory(municipality=None, date=None))
    with connect_reader(path) as conn:
        assert {r["municipality"] for r in theme_summary(conn, "municipality")} == {"(unknown)"}
        assert {r["year"] for r in theme_summary(conn, "year")} == {"(unknown)"}
        with pytest.raises(ValueError, match="unknown grouping"):
            theme_summary(conn, "party")


def test_v1_database_is_migrated_with_its_data(tmp_path, analysis_factory):
    path = tmp_path / "v1.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    MIGRATIONS[0](conn)
    conn.execute("PRAGMA user_version = 1")
    conn.execute("COMMIT")
    conn.execute(
        "INSERT INTO documents (id, path, sha256, status, municipality, date, processed_at) "
        "VALUES (1, '/old.txt', 'x', 'ok', 'Århus', '2017-02-03', 'now')"
    )
    conn.execute("INSERT INTO persons (id, name, key) VALUES (1, 'Ole Bak', 'ole bak')")
    conn.execute("INSERT INTO person_documents VALUES (1, 1)")
    conn.execute(
        "INSERT INTO quotes (id, document_id, person_id, speaker, text, start, end, kind, date) "
        "VALUES (1, 1, 1, 'Ole Bak', 'Sagsbehandlingen halter', 0, 23, 'direct', '2017-02-03')"
    )
    conn.execute("INSERT INTO quotes_fts (rowid, terms) VALUES (1, 'sagsbehandling halt')")
    conn.execute(
        "INSERT INTO findings (id, document_id, text, start, end, polarity) "
        "VALUES (1, 1, 'Tilsynet mangler', 0, 16, 'negative')"
    )
    conn.execute("INSERT INTO finding_themes VALUES (1, 'leadership', 0.8)")
    conn.close()

    with Store(path) as store:
        assert migrate(store.conn) == SCHEMA_VERSION  # already done by opening
    assert_counts_consistent(path)
    with connect_reader(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [r["quote"] for r in search_quotes(conn, text="sag*")] == ["Sagsbehandlingen halter"]
        assert [r["quote"] for r in search_quotes(conn, person="Ole Bak")] == [
            "Sagsbehandlingen halter"
        ]
        assert list_persons(conn)[0]["quotes"] == 1
    with Store(path) as store:  # the replace path works on migrated FTS tables
        store.save(analysis_factory(path="/old.txt"))
    assert_counts_consistent(path)


def _older_database(path, analysis_factory):
    """A database of this dapipe's data, set back to the schema before the last migration."""
    with Store(path) as store:
        store.save(analysis_factory())
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE entities DROP COLUMN layer")  # what v6 added
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()


def test_a_reader_brings_an_older_database_up_to_date(tmp_path, analysis_factory):
    path = tmp_path / "old.sqlite"
    _older_database(path, analysis_factory)
    with connect_reader(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        rows = search_quotes(conn)
        assert rows and all(r["confidence"] is None for r in rows)


def test_newer_database_is_refused(tmp_path):
    path = tmp_path / "new.sqlite"
    sqlite3.connect(path).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(ValueError, match="newer than this dapipe"):
        Store(path)
    with pytest.raises(ValueError, match="upgrade dapipe"):
        connect_reader(path)


def test_save_many_keeps_each_document_whole(tmp_path, analysis_factory):
    path = tmp_path / "bulk.sqlite"
    good = [analysis_factory(path=f"/{i}.txt", sha=f"{i}" * 64) for i in range(3)]
    bad = analysis_factory(path="/bad.txt")
    bad.quotes[1].text = None  # NOT NULL: fails after the document row and one quote are in
    with Store(path) as store:
        with pytest.raises(sqlite3.IntegrityError):
            store.save_many([*good, bad, analysis_factory(path="/never.txt")])
        paths = [r[0] for r in store.conn.execute("SELECT path FROM documents ORDER BY path")]
        assert paths == ["/0.txt", "/1.txt", "/2.txt"]
        assert store.conn.execute("SELECT COUNT(*) FROM quotes").fetchone()[0] == 6
        assert not store.conn.in_transaction
        store.save_many(good)  # again: replaced, not duplicated
    assert_counts_consistent(path)
    with connect_reader(path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM quotes_fts").fetchone()[0] == 6
        assert conn.execute("SELECT COUNT(*) FROM persons").fetchone()[0] == 2


def test_person_only_in_a_replaced_version_is_removed(tmp_path, analysis_factory):
    path = tmp_path / "p.sqlite"
    with Store(path) as store:
        store.save(analysis_factory())
        store.save(
            analysis_factory(
                sha="b" * 64, quotes=[("Helt nyt", "Ole Bak")], persons=[Person("Ole Bak")]
            )
        )
    with connect_reader(path) as conn:
        assert [p["name"] for p in list_persons(conn)] == ["Ole Bak"]
        for table in ("person_terms", "aliases", "roles", "person_documents"):
            orphans = conn.execute(
                f"SELECT COUNT(*) FROM {table} WHERE person_id NOT IN (SELECT id FROM persons)"
            ).fetchone()[0]
            assert orphans == 0, table
        assert search_quotes(conn, person="Mortensen") == []


def test_roles_of_a_replaced_version_are_forgotten(tmp_path, analysis_factory):
    path = tmp_path / "r.sqlite"
    mayor = [Person("Anette Mortensen", aliases=["Mortensen"], roles=["borgmester"])]
    alderman = [Person("Anette Mortensen", aliases=["Mortensen"], roles=["rådmand"])]
    said = [("Vi gør det bedre", "Anette Mortensen")]
    with Store(path) as store:
        store.save(analysis_factory(path="/a.txt", quotes=said, persons=mayor))
        store.save(analysis_factory(path="/b.txt", quotes=said, persons=mayor))
        store.save(analysis_factory(path="/a.txt", sha="b" * 64, quotes=said, persons=alderman))
        assert_counts_consistent(path)
        with connect_reader(path) as conn:
            assert list_persons(conn)[0]["roles"] == ["borgmester", "rådmand"]
        store.save(analysis_factory(path="/b.txt", sha="b" * 64, quotes=said, persons=alderman))
        assert_counts_consistent(path)
    with connect_reader(path) as conn:
        assert list_persons(conn)[0]["roles"] == ["rådmand"]


def test_optimize_keeps_every_search_working(tmp_path, analysis_factory):
    path = tmp_path / "o.sqlite"
    with Store(path) as store:
        for i in range(5):
            store.save(analysis_factory(path=f"/{i}.txt", sha=f"{i}" * 64))
        store.optimize(full=False)
        store.optimize()
        segments = store.conn.execute("SELECT COUNT(DISTINCT segid) FROM quotes_fts_idx")
        assert segments.fetchone()[0] == 1
    with connect_reader(path) as conn:
        assert len(search_quotes(conn, text="sagsbehandling*")) == 10
        assert len(search_quotes(conn, person="Steen Hansen", text="sagsbehandlingstid")) == 5


def test_migrated_entities_know_their_layer(tmp_path, analysis_factory):
    path = tmp_path / "old.sqlite"
    _older_database(path, analysis_factory)
    with connect_reader(path) as conn:
        layers = dict(conn.execute("SELECT label, layer FROM entities").fetchall())
    assert layers == {"KOMMUNE": "domain"}
