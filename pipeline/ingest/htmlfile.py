"""HTML news pages: the article's own text, without menus, share buttons and "Læs også" links.

Two extractors: simple structural rules of our own (the <article> element or the element
holding most paragraph text, walked in document order so headings, captions, bylines and
list items keep their kind) and trafilatura (a maintained boilerplate remover, used when
our rules find no article). `benchmarks/extract_html_compare.py` compares them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import lxml.html
from lxml import etree

from pipeline.core import Block
from pipeline.ingest.errors import IngestError
from pipeline.ingest.metadata import parse_date
from pipeline.ingest.normalize import normalize_inline
from pipeline.ingest.textfile import decode_bytes

_DROP_TAGS = {
    "script", "style", "noscript", "nav", "aside", "footer", "form", "button", "iframe",
    "svg", "template", "select", "input", "label", "menu", "dialog",
}  # fmt: skip
_BOILERPLATE_CLASS = re.compile(
    r"share|social|related|comment|newsletter|advert|\bad\b|ads-|banner|cookie|breadcrumb|"
    r"paywall|subscribe|tags|most-read|mest-laeste|read-more|laes-ogsaa|sidebar|promo",
    re.IGNORECASE,
)
_BYLINE_CLASS = re.compile(r"byline|author|forfatter|skribent", re.IGNORECASE)
_DATE_CLASS = re.compile(r"\bdate\b|dateline|published|updated|timestamp|dato", re.IGNORECASE)
_CAPTION_CLASS = re.compile(r"caption|billedtekst|photo-credit", re.IGNORECASE)
_BOILERPLATE_TEXT = re.compile(
    r"^(?:Læs også|Læs mere|Se også|Del artiklen|Del på|Del denne|Annonce|Relaterede|"
    r"Mest læste|Tilmeld dig|Kommentarer|Skriv en kommentar)\b",
    re.IGNORECASE,
)
_DATE_ONLY = re.compile(
    r"^\(?\s*(?:(?:Last Updated On|Opdateret|Publiceret|Udgivet)\s*:?\s*)?"
    r"[\w.,: -]{0,12}\d{4}[\w.,: -]{0,12}\)?$",
    re.IGNORECASE,
)
_BYLINE_TEXT = re.compile(r"^(?:Af|Skrevet af|Tekst og foto|Tekst|Foto)\s*:?\s+\S", re.I)
_CAPTION_TEXT = re.compile(r"\((?:Foto|Arkivfoto|Illustration|Grafik)\s*:[^)]*\)\s*$", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_TEXT_CONTAINERS = {"div", "section", "td"}
MIN_ARTICLE_CHARS = 100  # less than this is page furniture, not an article
_BLOCK_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "figcaption", "blockquote", "pre"}
_DATE_META = (
    "article:published_time", "og:published_time", "datePublished", "date", "dc.date",
    "DC.date.issued", "pubdate", "publishdate", "article:modified_time", "dateModified",
)  # fmt: skip


def _classes(el: etree._Element) -> str:
    return f"{el.get('class', '')} {el.get('id', '')} {el.get('itemprop', '')}"


def _is_boilerplate(el: etree._Element) -> bool:
    if not isinstance(el.tag, str):
        return True
    if el.tag in _DROP_TAGS or el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    return bool(_BOILERPLATE_CLASS.search(_classes(el)))


def _text_len(el: etree._Element) -> int:
    return len(el.text_content().strip())


def _article_root(root: etree._Element) -> etree._Element | None:
    """<article> / articleBody when present, else the container with the most <p> text."""
    # Most specific first: a page's <main> also holds comments and "read more" lists.
    for xpath in ("//*[@itemprop='articleBody']", "//article", "//main | //*[@role='main']"):
        candidates = [c for c in root.xpath(xpath) if _text_len(c) > 0]
        if candidates:
            best = max(candidates, key=_text_len)
            if xpath == "//*[@itemprop='articleBody']":
                # the body alone lacks the headline and byline; take its <article> if any
                outer = best.xpath("ancestor::article")
                return outer[-1] if outer else best
            return best
    best, best_len = None, 0
    for el in root.iter():
        if not isinstance(el.tag, str) or _is_boilerplate(el):
            continue
        direct = sum(len(p.text_content()) for p in el if isinstance(p.tag, str) and p.tag == "p")
        if direct > best_len:
            best, best_len = el, direct
    return best if best_len >= 80 else None


def _kind_of(el: etree._Element, text: str) -> str:
    tag = el.tag
    if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
        return "heading"
    if tag == "li":
        return "list_item"
    classes = _classes(el)
    if tag == "figcaption" or _CAPTION_CLASS.search(classes) or _CAPTION_TEXT.search(text):
        return "caption"
    if (_BYLINE_CLASS.search(classes) or _BYLINE_TEXT.match(text)) and len(text) < 120:
        return "byline"
    return "paragraph"


def _walk(el: etree._Element, out: list[tuple[etree._Element, str]]) -> None:
    """Leaf-most block elements under `el`, in document order, boilerplate skipped."""
    for child in el:
        if _is_boilerplate(child):
            continue
        nested = any(
            isinstance(d.tag, str) and d.tag in _BLOCK_TAGS for d in child.iterdescendants()
        )
        if child.tag in _BLOCK_TAGS and not nested:
            out.append((child, child.text_content()))
        elif not nested and child.tag in _TEXT_CONTAINERS:
            # text straight in a <div>/<section> (sites without <p>): one block per <br> run
            for piece in re.split(r"\n\s*\n", child.text_content()):
                if len(piece.strip()) >= 40:
                    out.append((child, piece))
        else:
            _walk(child, out)


def rules_blocks(root: etree._Element) -> tuple[list[Block], dict[str, list[str]]]:
    """Blocks of the article by our own rules; also returns dropped date/byline lines."""
    article = _article_root(root)
    extras: dict[str, list[str]] = {"dates": [], "bylines": []}
    if article is None:
        return [], extras
    found: list[tuple[etree._Element, str]] = []
    _walk(article, found)
    blocks: list[Block] = []
    section: str | None = None
    for el, raw in found:
        text = normalize_inline(raw)
        if not text or _BOILERPLATE_TEXT.match(text):
            continue
        dateish = el.tag == "time" or _DATE_CLASS.search(_classes(el)) or _DATE_ONLY.match(text)
        if dateish and parse_date(text):
            extras["dates"].append(text)
            continue
        kind = _kind_of(el, text)
        if kind == "byline":
            extras["bylines"].append(text)
        if kind == "heading":
            section = text
        blocks.append(Block(text, kind=kind, section=section))  # type: ignore[arg-type]
    return blocks, extras


def trafilatura_blocks(html: str) -> tuple[list[Block], dict[str, str | None]]:
    """Blocks from trafilatura's XML output (headings, paragraphs, list items, quotes)."""
    import trafilatura

    xml = trafilatura.extract(
        html, output_format="xml", include_comments=False, include_tables=False,
        with_metadata=True,
    )  # fmt: skip
    if not xml:
        return [], {}
    doc = etree.fromstring(xml.encode("utf-8"))
    meta = {"title": doc.get("title"), "date": doc.get("date"), "author": doc.get("author")}
    blocks: list[Block] = []
    section: str | None = None
    main = doc.find("main")
    for el in main.iter() if main is not None else []:
        if el.tag not in {"p", "head", "item", "quote"}:
            continue
        text = normalize_inline("".join(el.itertext()))
        if (
            not text
            or _BOILERPLATE_TEXT.match(text)
            or (_DATE_ONLY.match(text) and parse_date(text))
        ):
            continue
        if el.tag == "head":
            section = text
            blocks.append(Block(text, kind="heading", section=section))
        elif el.tag == "item":
            blocks.append(Block(text, kind="list_item", section=section))
        else:
            kind = "caption" if _CAPTION_TEXT.search(text) else "paragraph"
            if _BYLINE_TEXT.match(text) and len(text) < 120:
                kind = "byline"
            blocks.append(Block(text, kind=kind, section=section))  # type: ignore[arg-type]
    return blocks, meta


def _meta_date(root: etree._Element) -> str | None:
    for key in _DATE_META:
        for el in root.xpath(f"//meta[@property='{key}' or @name='{key}' or @itemprop='{key}']"):
            found = parse_date(el.get("content", ""))
            if found:
                return found
    for el in root.xpath("//time[@datetime]"):
        found = parse_date(el.get("datetime", ""))
        if found:
            return found
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        items = data if isinstance(data, list) else [data]
        for item in items:
            if isinstance(item, dict):
                for key in ("datePublished", "dateModified"):
                    found = parse_date(str(item.get(key, "")))
                    if found:
                        return found
    return None


def _title(root: etree._Element, blocks: list[Block]) -> str | None:
    for xp in ("//meta[@property='og:title']/@content", "//h1", "//title"):
        hits = root.xpath(xp)
        if hits:
            value = hits[0] if isinstance(hits[0], str) else hits[0].text_content()
            value = normalize_inline(value)
            if xp == "//title":
                value = re.split(r"\s+[|–—-]\s+", value)[0]
            if value:
                return value
    heading = next((b.text for b in blocks if b.kind == "heading"), None)
    return heading


def read_html_file(path: Path, data: bytes, engine: str = "auto") -> dict[str, object]:
    """Fields for Document.from_blocks from an HTML page's bytes.

    engine: "rules" (ours), "trafilatura", or "auto" (ours when they find an article,
    trafilatura otherwise).
    """
    html = decode_bytes(data, path)
    if not html.strip():
        raise IngestError(path, "empty HTML file")
    html = _XML_DECLARATION.sub("", html, count=1)  # lxml refuses str with encoding="…"
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(path, f"unreadable HTML ({exc})") from exc
    for br in root.iter("br"):  # a line break is a space, two in a row a paragraph break
        br.tail = "\n" + (br.tail or "")
    for bad in root.xpath("//script | //style | //noscript | //template"):
        if bad.getparent() is not None and bad.get("type") != "application/ld+json":
            bad.getparent().remove(bad)
    blocks: list[Block] = []
    extras: dict[str, list[str]] = {"dates": [], "bylines": []}
    tmeta: dict[str, str | None] = {}
    if engine in {"auto", "rules"}:
        blocks, extras = rules_blocks(root)
    if not any(b.kind == "paragraph" for b in blocks) and engine in {"auto", "trafilatura"}:
        blocks, tmeta = trafilatura_blocks(html)
    body = [b.text for b in blocks if b.kind in {"paragraph", "list_item"}]
    if not body or sum(map(len, body)) < MIN_ARTICLE_CHARS or max(map(len, body)) < 40:
        raise IngestError(path, "no article text found in HTML")
    found_date = _meta_date(root)
    for candidate in extras["dates"]:
        found_date = found_date or parse_date(candidate)
    found_date = found_date or parse_date(tmeta.get("date") or "")
    title = _title(root, blocks)
    metadata: dict[str, object] = {}
    if extras["bylines"]:
        metadata["bylines"] = extras["bylines"]
    if tmeta.get("author"):
        metadata["author"] = tmeta["author"]
    for el in root.xpath("//meta[@name='author']/@content")[:1]:
        metadata.setdefault("author", normalize_inline(el))
    return {"blocks": blocks, "title": title, "date": found_date, "metadata": metadata}
