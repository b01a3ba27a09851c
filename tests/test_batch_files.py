"""Which files in a folder are documents: defaults, --include/--exclude, counts, stable ids."""

from __future__ import annotations

from pathlib import Path

from pipeline.batch import find_files, process
from pipeline.cli import main
from pipeline.store import connect_reader

ARTICLE = (
    "Ny legeplads i Vesterå\n\n"
    "Vesterå - 3. marts 2022 kl. 09:15 Af Sune Krog Kontakt redaktionen\n\n"
    "Kommunen åbner en ny legeplads ved skolen til sommer.\n\n"
    "- Børnene har selv været med til at tegne den, siger skoleleder Lone Vad.\n"
)


def _folder(tmp_path: Path) -> Path:
    root = tmp_path / "arkiv"
    (root / "2022" / ".cache").mkdir(parents=True)
    (root / "kladder").mkdir()
    (root / "2022" / "legeplads.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "2022" / "legeplads.json").write_text('{"outlet": "TV 2 Fyn"}', encoding="utf-8")
    (root / "2022" / ".cache" / "gammel.txt").write_text("x", encoding="utf-8")
    (root / "kladder" / "udkast.md").write_text("# Udkast\n\nTekst.\n", encoding="utf-8")
    (root / "README.md").write_text("# Om arkivet\n\nFilerne er artikler.\n", encoding="utf-8")
    (root / "LICENSE.txt").write_text("Alle rettigheder forbeholdes.\n", encoding="utf-8")
    (root / ".noter.txt").write_text("skjult\n", encoding="utf-8")
    (root / "billede.png").write_bytes(b"\x89PNG")
    (root / "manifest.csv").write_text("file,url\n", encoding="utf-8")
    return root


def test_folders_skip_readme_license_and_hidden_files_and_count_what_is_left(tmp_path: Path):
    root = _folder(tmp_path)
    ignored: dict[str, int] = {}
    found = find_files([root], ignored=ignored)
    assert [p.name for p in found] == ["legeplads.txt", "udkast.md"]
    assert ignored == {
        "README/LICENSE/hidden": 4,  # README.md, LICENSE.txt, .noter.txt, .cache (not entered)
        "sidecar": 2,  # legeplads.json, manifest.csv
        "unsupported .png": 1,
    }


def test_exclude_and_include_globs_match_names_and_paths(tmp_path: Path):
    root = _folder(tmp_path)
    ignored: dict[str, int] = {}
    assert [p.name for p in find_files([root], exclude=["kladder/*"], ignored=ignored)] == [
        "legeplads.txt"
    ]
    assert ignored["--exclude"] == 1
    ignored = {}
    assert [p.name for p in find_files([root], include=["*.md"], ignored=ignored)] == ["udkast.md"]
    assert ignored["--include"] == 1
    # a file named directly is read, README or not
    assert [p.name for p in find_files([root / "README.md"])] == ["README.md"]


def test_process_stores_no_readme_and_keeps_ids_on_reprocessing(tmp_path: Path, capsys):
    root = _folder(tmp_path)
    db = tmp_path / "t.sqlite"
    assert main(["process", str(root), "--db", str(db), "--exclude", "kladder/*"]) == 0
    out = capsys.readouterr().out
    assert "not read: 1 --exclude" in out and "1 unsupported .png" in out
    with connect_reader(db) as conn:
        rows = [tuple(r) for r in conn.execute("SELECT id, path, outlet FROM documents")]
        authors = [r[0] for r in conn.execute("SELECT name FROM document_authors")]
    assert [Path(r[1]).name for r in rows] == ["legeplads.txt"]
    assert rows[0][2] == "TV 2 Fyn"  # from the sidecar
    assert authors == ["Sune Krog"]
    article = root / "2022" / "legeplads.txt"
    article.write_text(ARTICLE + "\nLegepladsen koster en million kroner.\n", encoding="utf-8")
    report = process([root], db=db)  # the draft too, now that it is not excluded
    assert sorted(Path(p).name for p in report.processed) == ["legeplads.txt", "udkast.md"]
    assert "--exclude" not in report.ignored
    with connect_reader(db) as conn:
        again = [tuple(r) for r in conn.execute("SELECT id, path FROM documents ORDER BY id")]
    assert again[0] == (rows[0][0], rows[0][1])
    assert [Path(p).name for _, p in again] == ["legeplads.txt", "udkast.md"]


def test_default_excludes_are_whole_names_not_prefixes(tmp_path: Path):
    for name in ("readme.txt", "README-intern.md", "LICENSE", "licensesag-i-byraadet.txt"):
        (tmp_path / name).write_text("Tekst om sagen.\n", encoding="utf-8")
    assert [p.name for p in find_files([tmp_path])] == ["licensesag-i-byraadet.txt"]


def test_links_pipes_and_unreadable_folders_are_counted_not_passed_over(tmp_path: Path):
    import os

    import pytest

    root = tmp_path / "arkiv"
    (root / "privat").mkdir(parents=True)
    (root / "nyt.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "genvej").symlink_to(root, target_is_directory=True)  # would loop if followed
    (root / "væk.txt").symlink_to(root / "slettet.txt")
    os.mkfifo(root / "rør.txt")
    (root / "privat" / "notat.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "privat").chmod(0)
    try:
        ignored: dict[str, int] = {}
        found = find_files([root], ignored=ignored)
    finally:
        (root / "privat").chmod(0o755)
    assert ignored["link to a folder (not followed)"] == 1
    assert ignored["broken or looping link"] == 1
    assert ignored["pipe, socket or device"] == 1
    if os.geteuid() != 0:  # root reads every folder
        assert ignored["unreadable folder (privat: Permission denied)"] == 1
        assert [p.name for p in found] == ["nyt.txt"]
    with pytest.raises(FileNotFoundError, match=r"rør\.txt: pipe, socket or device, not a file"):
        find_files([root / "rør.txt"])
