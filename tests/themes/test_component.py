import pytest
import spacy

from pipeline.themes import COMPONENT, add_pipe


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("da")
    nlp.add_pipe("sentencizer")
    add_pipe(nlp)
    return nlp


def test_findings_carry_offsets_into_the_text(nlp):
    text = (
        "Baggrund\n\nKommunen har 30.000 indbyggere. "
        "Task Forcen vurderer, at sagsbehandlingstiden er alt for lang.  "
        "Der er ikke ført tilsyn med de anbragte børn i 5 af 8 sager."
    )
    doc = nlp(text)
    assert len(doc._.findings) == 2
    for finding in doc._.findings:
        assert text[finding.start : finding.end] == finding.text
        assert finding.text == finding.text.strip()
        assert finding.page is None and finding.section is None
    assert "timeliness" in doc._.findings[0].themes
    assert "follow_up" in doc._.findings[1].themes


def test_text_without_findings_gives_empty_list(nlp):
    doc = nlp("Mødet blev holdt på rådhuset. Der var kaffe og kage. Næste møde er i juni.")
    assert doc._.findings == []


def test_empty_document(nlp):
    assert nlp("")._.findings == []


def test_component_is_registered_once(nlp):
    add_pipe(nlp)
    assert nlp.pipe_names.count(COMPONENT) == 1


def test_sentence_bounds_are_the_spans_of_doc_sents():
    from pipeline.themes.component import _sentence_bounds

    splitter = spacy.blank("da")
    splitter.add_pipe("sentencizer")
    for text in (
        "Én sætning uden punktum",
        "Sagen blev lukket. Barnet blev hørt!  Hvorfor tog det så lang tid?\n\nNyt afsnit.",
        "  Indledende mellemrum. Og en sidste  ",
    ):
        doc = splitter(text)
        expected = [(s.start_char, s.end_char) for s in doc.sents]
        assert _sentence_bounds(doc, doc.text) == expected
        assert len(expected) >= 1
    assert _sentence_bounds(splitter(""), "") == []
