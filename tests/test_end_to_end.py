"""The whole path for real: corpora/ into a fresh database, checked against the gold files."""

from __future__ import annotations

import json
import re
import shlex
import shutil
from collections import defaultdict
from pathlib import Path

import pytest

import pipeline
from pipeline.cli import NO_LIMIT, main
from pipeline.paths import CORPORA_DIR, REPO_ROOT
from pipeline.store import connect_reader
from pipeline.store.persons import find_persons

GOLD = CORPORA_DIR / "gold"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _overlap(a: str, b: str) -> float:
    """Share of each text's words found in the other (the contract's quote match), the lower."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    sa, sb = set(wa), set(wb)
    return min(sum(w in sb for w in wa) / len(wa), sum(w in sa for w in wb) / len(wb))


def _load(name: str) -> list[dict]:
    path = GOLD / name
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("e2e") / "corpus.sqlite"
    report = pipeline.process([CORPORA_DIR], db=db)
    assert report.failed == [], report.failed
    return db


def _stored_quotes(db: Path) -> dict[str, list[dict]]:
    with connect_reader(db) as conn:
        rows = conn.execute(
            "SELECT d.path, q.text, q.speaker, q.mention_type, "
            "(SELECT group_concat(a.alias, '|') FROM aliases a WHERE a.person_id = q.person_id) "
            "AS aliases FROM quotes q JOIN documents d ON d.id = q.document_id"
        ).fetchall()
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for path, text, speaker, mention_type, aliases in rows:
        names = {speaker.lower()} if speaker else set()
        names |= {a.lower() for a in (aliases or "").split("|") if a}
        by_doc[Path(path).stem].append({"text": text, "names": names, "mention": mention_type})
    return by_doc


def test_quotes_and_speakers_match_gold(corpus_db):
    gold = _load("quotes.jsonl") + _load("quotes_html.jsonl")
    stored = _stored_quotes(corpus_db)
    matched = speaker_right = 0
    misses = []
    for g in gold:
        candidates = [q for q in stored[g["document"]] if _overlap(q["text"], g["quote"]) >= 0.8]
        if not candidates:
            misses.append(g["quote"][:60])
            continue
        matched += 1
        speaker = (g["speaker"] or "").lower()
        speaker_right += any(speaker in q["names"] for q in candidates)
    n_pred = sum(len(stored[doc]) for doc in {g["document"] for g in gold})
    recall, precision = matched / len(gold), matched / max(n_pred, 1)
    assert recall >= 0.9, misses[:10]
    assert precision >= 0.9
    assert speaker_right / matched >= 0.9


def test_finding_sentences_match_gold(corpus_db):
    gold = _load("findings.jsonl")
    with connect_reader(corpus_db) as conn:
        rows = conn.execute(
            "SELECT d.path, f.text, (SELECT group_concat(theme) FROM finding_themes t "
            "WHERE t.finding_id = f.id) FROM findings f JOIN documents d ON d.id = f.document_id "
            "WHERE d.kind = 'report'"
        ).fetchall()
    predicted = {(Path(p).stem, text): set(themes.split(",")) for p, text, themes in rows}
    hits = theme_hits = 0
    for g in gold:
        found = [
            t
            for (doc, text), t in predicted.items()
            if doc == g["document"] and _overlap(text, g["text"]) >= 0.8
        ]
        hits += bool(found)
        theme_hits += bool(found) and bool(set(g["themes"]) & found[0])
    recall, precision = hits / len(gold), hits / max(len(predicted), 1)
    f1 = 2 * recall * precision / max(recall + precision, 1e-9)
    assert f1 >= 0.8, (recall, precision)
    assert theme_hits / max(hits, 1) >= 0.8


def test_every_quoted_person_is_a_stored_person(corpus_db):
    gold_speakers = {
        g["speaker"] for g in _load("quotes.jsonl") if g.get("mention") != "organisation"
    }
    gold_speakers.discard(None)
    with connect_reader(corpus_db) as conn:
        # found by name as a search finds them ("Steen Hansen" finds "Steen S. Hansen")
        missing = {name for name in gold_speakers if not find_persons(conn, name)}
    assert not missing


def test_person_search_returns_role_and_pronoun_attributions(corpus_db, capsys):
    gold = [g for g in _load("quotes.jsonl") if g.get("mention") in ("role", "pronoun")]
    assert gold, "the gold set must have quotes attributed by role or pronoun"
    speaker = gold[0]["speaker"]
    assert main(["quotes", "--person", speaker, "--db", str(corpus_db), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all({"quote", "speaker", "document", "date"} <= set(r) for r in rows)
    assert {r["speaker"] for r in rows} == {speaker}
    role_quotes = [g["quote"] for g in gold if g["speaker"] == speaker]
    assert any(_overlap(r["quote"], q) >= 0.8 for r in rows for q in role_quotes)


def test_analyze_offsets_index_into_extract_text(capsys):
    pdf = sorted((CORPORA_DIR / "reports").glob("*.pdf"))[0]
    assert main(["extract", str(pdf)]) == 0
    text = capsys.readouterr().out[:-1]  # extract adds one final newline
    assert main(["analyze", str(pdf)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["document"]["kind"] == "report"
    assert result["entities"] and result["findings"]
    for item in result["entities"]:
        assert text[item["start"] : item["end"]] == item["text"]
    for item in result["findings"] + result["quotes"]:
        assert text[item["start"] : item["end"]] == item["text"]


def test_rerun_skips_everything_and_broken_files_are_reported(tmp_path, capsys):
    folder = tmp_path / "batch"
    folder.mkdir()
    for src in sorted((CORPORA_DIR / "news").glob("*.txt"))[:2]:
        shutil.copy(src, folder / src.name)
    pdf = sorted((CORPORA_DIR / "reports").glob("*.pdf"))[0]
    shutil.copy(pdf, folder / "report.pdf")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "truncated.pdf").write_bytes(pdf.read_bytes()[:2000])
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 40)
    db = tmp_path / "b.sqlite"

    assert main(["process", str(folder), "--db", str(db)]) == 1
    err = capsys.readouterr().err
    for name in ("empty.txt", "truncated.pdf", "binary.txt"):
        line = next(line for line in err.splitlines() if name in line)
        assert line.startswith("failed:") and len(line.split(": ", 2)[-1]) > 3
    with connect_reader(db) as conn:
        ok = conn.execute("SELECT COUNT(*) FROM documents WHERE status = 'ok'").fetchone()[0]
        before = conn.execute(
            "SELECT path, processed_at FROM documents WHERE status = 'ok' ORDER BY path"
        ).fetchall()
        counts = conn.execute(
            "SELECT (SELECT COUNT(*) FROM quotes), (SELECT COUNT(*) FROM "
            "sentences), (SELECT COUNT(*) FROM persons)"
        ).fetchone()
    assert ok == 3

    (folder / "empty.txt").unlink()
    (folder / "truncated.pdf").unlink()
    (folder / "binary.txt").unlink()
    assert main(["process", str(folder), "--db", str(db)]) == 0
    assert "0 processed, 3 skipped" in capsys.readouterr().out
    with connect_reader(db) as conn:
        after = conn.execute(
            "SELECT path, processed_at FROM documents WHERE status = 'ok' ORDER BY path"
        ).fetchall()
        assert (
            conn.execute(
                "SELECT (SELECT COUNT(*) FROM quotes), (SELECT COUNT(*) FROM "
                "sentences), (SELECT COUNT(*) FROM persons)"
            ).fetchone()
            == counts
        )
    assert [tuple(r) for r in after] == [tuple(r) for r in before]  # nothing rewritten


def test_theme_trend_compares_a_municipalitys_first_and_last_report(corpus_db, capsys):
    assert main(["themes", "--trend", "--db", str(corpus_db), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    faxe = {r["theme"]: r for r in rows if r["municipality"] == "Faxe"}
    assert faxe, "Faxe has an analysis (2018) and a status report (2020)"
    assert all("2018" in r["first"] and "2020" in r["last"] for r in faxe.values())
    assert {r["verdict"] for r in faxe.values()} <= {
        "persisted",
        "mixed",
        "improved",
        "new_criticism",
        "no_criticism",
    }
    assert "Odsherred" not in {r["municipality"] for r in rows}  # only one report


def _readme_searches() -> list[list[str]]:
    """The search commands the README shows right after `make run`."""
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("Then search what `make run` stored:", 1)[1].split("```sh", 1)[1]
    lines = block.split("```", 1)[0].splitlines()
    return [shlex.split(line)[1:] for line in lines if line.startswith(".venv/bin/dapipe ")]


def test_readme_search_examples_find_something(corpus_db, capsys):
    commands = _readme_searches()
    assert len(commands) >= 4 and commands[0][0] == "quotes"
    for argv in commands:
        fmt = [] if "--format" in argv else ["--format", "json"]
        assert main([*argv, "--db", str(corpus_db), *fmt]) == 0, argv
        rows = json.loads(capsys.readouterr().out)
        assert rows, argv


def test_every_quoted_person_is_found_with_all_quotes_by_name_surname_and_role(corpus_db):
    """Full name, surname, folded name and role with place each return all of a person's quotes.

    The place of a role is the one the role names itself ("formand for Ældresagen i
    Nykøbing Falster"), else the document's municipality.
    """
    from pipeline.store import quote_search
    from pipeline.store.fold import fold
    from pipeline.store.person_search import _role_place

    with connect_reader(corpus_db) as conn:
        persons = conn.execute(
            "SELECT id, name FROM persons WHERE kind = 'person' AND quotes > 0"
        ).fetchall()
        assert len(persons) > 100
        missing: list[tuple[str, str]] = []
        roles_tried = 0
        for person_id, name in persons:
            own = {
                r[0]
                for r in conn.execute("SELECT id FROM quotes WHERE person_id = ?", (person_id,))
            }
            queries = [name, name.split()[-1], fold(name)]
            for role, municipality in conn.execute(
                "SELECT DISTINCT role, municipality FROM roles WHERE person_id = ? "
                "AND municipality IS NOT NULL AND role NOT LIKE '% %'",
                (person_id,),
            ):
                held = [
                    r[0]
                    for r in conn.execute(
                        "SELECT role FROM person_roles WHERE person_id = ? AND role LIKE ?",
                        (person_id, role + "%"),
                    )
                ]
                own_place = next((p for r in held if (p := _role_place(r))), None)
                if own_place:
                    continue  # the role's own place: checked in tests/store
                roles_tried += 1
                queries += [f"{role} i {municipality} Kommune"]
                if role.endswith(("r", "nd")):
                    queries.append(f"{role}en i {municipality}")
            for query in queries:
                found = {r["id"] for r in quote_search(conn, person=query, limit=NO_LIMIT).rows}
                if not own <= found:
                    missing.append((name, query))
        assert roles_tried > 50
        assert not missing
