"""Person search as a journalist types it: shared surnames, roles, hyphenated names, typos."""

import pytest

from pipeline.core import Person
from pipeline.store import Store, connect_reader, match_persons, quote_search, suggest
from pipeline.store.person_search import edit_distance, parse_role

HOLMS = [
    Person("Lise Holm Jensen", aliases=["Holm Jensen"], roles=["skoleleder"]),
    Person("Ib Holm-Kjærgaard", aliases=["Holm-Kjærgaard"], roles=["direktør"]),
    Person("Lise Holm", aliases=["Holm"], roles=["borgmester"], party="V"),
    Person("Tonni Kragh", aliases=["Kragh"], roles=["rådmand"]),
]
HOLM_QUOTES = [
    ("Skolen får nye lærere efter sommerferien", "Lise Holm Jensen"),
    ("Vi flytter forvaltningen til rådhuset", "Ib Holm-Kjærgaard"),
    ("Byrådet har sagt ja til budgettet", "Lise Holm"),
    ("Byrådet skal nu finde pengene", "Lise Holm"),
    ("Cykelstien bliver bygget næste år", "Tonni Kragh"),
]


def speakers(conn, query, **kwargs):
    return [r["speaker"] for r in quote_search(conn, person=query, **kwargs).rows]


@pytest.fixture
def db(tmp_path, analysis_factory):
    path = tmp_path / "p.sqlite"
    with Store(path) as store:
        store.save(
            analysis_factory(
                path="/nyheder/vestera-2023.txt",
                municipality="Vesterå",
                quotes=HOLM_QUOTES,
                persons=HOLMS,
            )
        )
        # A minister, and the mayor of Nørreby quoted in an article about Vesterå: his role
        # names his own town, which beats the article's municipality.
        store.save(
            analysis_factory(
                path="/nyheder/vestera-2024.txt",
                sha="b" * 64,
                date="2024-03-01",
                municipality="Vesterå",
                quotes=[
                    ("Loven bliver ændret til efteråret", "Anne Berg"),
                    ("Nørreby vil gerne samarbejde om bussen", "Per Lund"),
                    ("Vejene er for smalle til lastbilerne", "Mads Friis"),
                ],
                persons=[
                    Person("Anne Berg", aliases=["Berg", "ministeren"], roles=["socialminister"]),
                    Person("Per Lund", aliases=["Lund"], roles=["borgmester i Nørreby Kommune"]),
                    Person(
                        "Mads Friis",
                        aliases=["Friis"],
                        roles=["formand", "formand for Teknik- og Miljøudvalget"],
                    ),
                ],
            )
        )
    return path


def test_shared_surname_groups_all_quotes_surname_first(db):
    with connect_reader(db) as conn:
        found = quote_search(conn, person="Holm")
        assert [(m.name, m.how) for m in found.persons] == [
            ("Lise Holm", "surname"),
            ("Ib Holm-Kjærgaard", "part of surname"),
            ("Lise Holm Jensen", "middle name"),
        ]
        assert [r["speaker"] for r in found.rows] == [
            "Lise Holm",
            "Lise Holm",
            "Ib Holm-Kjærgaard",
            "Lise Holm Jensen",
        ]
        assert speakers(conn, "Holm", text="byrådet") == ["Lise Holm", "Lise Holm"]
        assert speakers(conn, "Holm", text="cykelstien") == []


def test_full_and_partial_names(db):
    with connect_reader(db) as conn:
        assert set(speakers(conn, "Lise Holm")) == {"Lise Holm"}  # the full name, no more
        assert speakers(conn, "Lise Jensen") == ["Lise Holm Jensen"]  # middle name left out
        assert speakers(conn, "Holm Jensen") == ["Lise Holm Jensen"]
        assert [m.how for m in match_persons(conn, "Jensen Holm")] == ["words"]  # weaker
        assert speakers(conn, "Lise Kragh") == []  # the first name of one, surname of another
        assert speakers(conn, "Lise") == ["Lise Holm", "Lise Holm", "Lise Holm Jensen"]


def test_part_of_a_hyphenated_surname(db):
    with connect_reader(db) as conn:
        for query in ["Kjærgaard", "kjaergaard", "Ib Kjærgaard", "Holm-Kjærgaard"]:
            assert speakers(conn, query) == ["Ib Holm-Kjærgaard"], query
        assert speakers(conn, "Kjær") == []  # a part is a whole word, not a prefix


def test_generic_role_words_before_a_name_are_ignored(db):
    with connect_reader(db) as conn:
        for query, name in [
            ("minister Anne Berg", "Anne Berg"),
            ("socialminister Anne Berg", "Anne Berg"),
            ("borgmester Lise Holm", "Lise Holm"),
            ("direktør Kjærgaard", "Ib Holm-Kjærgaard"),
        ]:
            assert set(speakers(conn, query)) == {name}, query
        assert speakers(conn, "minister Anne Berg") == ["Anne Berg"]
        assert speakers(conn, "minister Anne Bak") == []


def test_a_role_word_finds_its_role_and_the_roles_ending_in_it(db):
    with connect_reader(db) as conn:
        for query in ["ministeren", "socialministeren", "Socialminister", "ministeren i Vesterå"]:
            assert speakers(conn, query) == ["Anne Berg"], query
        assert speakers(conn, "undervisningsministeren") == []
        assert "Anne Berg" not in speakers(conn, "borgmesteren")


def test_role_and_place_the_roles_own_place_first(db):
    with connect_reader(db) as conn:
        for query in [
            "borgmesteren i Vesterå",
            "borgmester i Vesterå Kommune",
            "borgmesteren i Vestera",
            "borgmesteren i Vesteraa",
        ]:
            assert set(speakers(conn, query)) == {"Lise Holm"}, query
        for query in ["borgmesteren i Nørreby", "borgmester i Nørreby Kommune"]:
            assert speakers(conn, query) == ["Per Lund"], query
        assert speakers(conn, "borgmesteren i Søby") == []


def test_role_with_what_it_is_chair_of(db):
    with connect_reader(db) as conn:
        assert speakers(conn, "formanden for teknik- og miljøudvalget") == ["Mads Friis"]
        assert speakers(conn, "formanden for Teknik- og Miljøudvalget i Vesterå") == ["Mads Friis"]
        assert speakers(conn, "formanden for skoleudvalget") == []


def test_a_typo_gets_a_suggestion_and_nonsense_none(db):
    with connect_reader(db) as conn:
        found = quote_search(conn, person="Tonny")
        assert found.rows == [] and found.persons == []
        assert found.suggestions == ["Tonni Kragh"]
        assert suggest(conn, "Tonny Krag") == ["Tonni Kragh"]
        assert suggest(conn, "Lisse Holm") == ["Lise Holm"]
        assert suggest(conn, "Zacharias") == []
        assert match_persons(conn, "Tonny") == []


def test_role_phrases_parse_into_role_body_and_place():
    phrase = parse_role(["borgmester", "i", "vesterå", "kommune"])
    assert (phrase.head, phrase.body, phrase.place) == ("borgmester", (), ("vesterå",))
    phrase = parse_role(["formanden", "for", "teknik", "og", "miljøudvalget", "i", "søby"])
    assert (phrase.head, phrase.body, phrase.place) == (
        "formanden",
        ("teknik", "miljøudvalget"),
        ("søby",),
    )


@pytest.mark.parametrize(
    ("a", "b", "cutoff", "expected"),
    [
        ("tonny", "tonni", 2, 1),
        ("holm", "holm", 1, 0),
        ("kragh", "krag", 1, 1),
        ("ab", "xyz", 1, 2),
    ],
)
def test_edit_distance_with_cutoff(a, b, cutoff, expected):
    assert edit_distance(a, b, cutoff) == expected


def test_a_role_word_alias_does_not_stand_in_for_a_name(tmp_path, analysis_factory):
    """'borgmesteren' as a stored alias still searches as the role: every mayor."""
    path = tmp_path / "alias.sqlite"
    with Store(path) as store:
        store.save(analysis_factory())  # Anette Mortensen, alias "borgmesteren", Stevns
        store.save(
            analysis_factory(
                path="/nyheder/koege.txt",
                sha="k" * 64,
                municipality="Køge",
                quotes=[("Vi bygger en ny skole", "Ole Krog")],
                persons=[Person("Ole Krog", aliases=["Krog"], roles=["borgmester"])],
            )
        )
    with connect_reader(path) as conn:
        assert {m.name for m in match_persons(conn, "borgmesteren")} == {
            "Anette Mortensen",
            "Ole Krog",
        }
        assert [m.how for m in match_persons(conn, "borgmesteren")] == ["role", "role"]
