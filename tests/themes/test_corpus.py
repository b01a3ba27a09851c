from collections import Counter

from pipeline.core import THEMES
from pipeline.paths import CORPORA_DIR
from pipeline.themes.corpus import read_examples

EXAMPLES = read_examples(CORPORA_DIR / "themes")


def test_corpus_is_large_enough_with_every_theme_well_represented():
    assert len(EXAMPLES) >= 800
    counts = Counter(theme for e in EXAMPLES for theme in e.themes)
    assert {theme: counts[theme] for theme in THEMES if counts[theme] < 40} == {}
    assert sum(not e.themes for e in EXAMPLES) >= 300  # non-findings


def test_polarity_is_set_exactly_for_findings():
    for e in EXAMPLES:
        assert (e.polarity is None) == (not e.themes), e.text
        assert e.source in {"report", "news"}, e.text


def test_documents_are_groups_of_sentences_and_texts_are_unique():
    sizes = Counter(e.document for e in EXAMPLES)
    assert len(sizes) >= 30
    assert min(sizes.values()) >= 8
    # headings such as "Metode" recur; longer sentences must not, or CV would leak
    texts = Counter(e.text for e in EXAMPLES if len(e.text.split()) > 5)
    assert [t for t, n in texts.items() if n > 1] == []


def test_sentences_without_a_document_are_grouped_by_their_source_page(tmp_path):
    rows = [
        '{"text": "Kommunen har ført tilsyn.", "themes": [], "source": "https://a.example/1"}',
        '{"text": "Sagerne var i orden.", "themes": [], "source": "https://a.example/1"}',
        '{"text": "Der er tre afdelinger.", "themes": [], "source": "https://b.example/2"}',
        '{"text": "Et helt andet sted.", "themes": []}',
    ]
    path = tmp_path / "real.jsonl"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    groups = [e.document for e in read_examples(path)]
    assert groups[0] == groups[1] == "https://a.example/1"
    assert groups[2] == "https://b.example/2"
    assert groups[3] == "real:4"  # no source either: a group of its own
