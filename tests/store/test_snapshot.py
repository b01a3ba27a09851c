"""Comparing two databases' contents: equal runs compare equal, any stored change shows."""

from __future__ import annotations

from pipeline.store import Store
from pipeline.store.snapshot import contents, differences


def test_equal_runs_are_equal_and_a_changed_quote_is_named(tmp_path, analysis_factory):
    a, b, c = (tmp_path / f"{n}.sqlite" for n in "abc")
    for db in (a, b):
        with Store(db) as store:
            store.save(analysis_factory())
    assert differences(a, b) == [] and contents(a) == contents(b)
    with Store(c) as store:
        store.save(analysis_factory(quotes=[("Vi har lagt et godt fundament", "Anette Mortensen")]))
    assert any(line.startswith("quotes: 2 vs 1 rows") for line in differences(a, c))


def test_without_ids_the_order_documents_were_stored_in_does_not_matter(tmp_path, analysis_factory):
    first, second = tmp_path / "first.sqlite", tmp_path / "second.sqlite"
    one = analysis_factory(path="/data/en.txt")
    two = analysis_factory(path="/data/to.txt", sha="b" * 64)
    for db, order in ((first, (one, two)), (second, (two, one))):
        with Store(db) as store:
            for analysis in order:
                store.save(analysis)
    assert differences(first, second) != []  # the ids differ
    assert differences(first, second, ids=False) == []
