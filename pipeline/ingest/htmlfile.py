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
from pipeline.ingest.limits import (
    HTML_MAX_DEPTH,
    MAX_HTML_BYTES,
    TRAFILATURA_MAX_BYTES,
    megabytes,
)
from pipeline.ingest.metadata import parse_date
from pipeline.ingest.news import (
    byline_outlet,
    credit_outlet,
    is_furniture,
    outlet_for,
    outlet_from_url,
    parse_byline,
    parse_dateline,
    parse_names,
)
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
    if is_furniture(text):
        return "menu"
    if tag in {"h1", "h2", "h3", "h4", "h5", "h6"}:
        return "heading"
    if tag == "li":
        return "list_item"
    classes = _classes(el)
    if tag == "figcaption" or _CAPTION_CLASS.search(classes) or _CAPTION_TEXT.search(text):
        return "caption"
    if (_BYLINE_CLASS.search(classes) or _BYLINE_TEXT.match(text)) and len(text) < 120:
        return "byline"
    dateline = parse_dateline(text) if len(text) < 200 else None
    if dateline is not None and dateline.authors:
        return "byline"  # "Vesterå - 3. marts 2022 kl. 09:15 Af Eva Bo"
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
        elif not nested and _BYLINE_CLASS.search(_classes(child)) and _text_len(child) < 120:
            out.append((child, child.text_content()))  # <div class="byline"><span>Af …
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
        dateline = parse_dateline(text) if len(text) < 200 else None
        dateish = (
            el.tag == "time"
            or _DATE_CLASS.search(_classes(el))
            or _DATE_ONLY.match(text)
            or (dateline is not None and not dateline.authors)
        )
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
    meta = {key: doc.get(key) for key in ("title", "date", "author", "sitename", "url", "hostname")}
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
        if is_furniture(text):
            blocks.append(Block(text, kind="menu", section=section))
        elif el.tag == "head":
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


class _MetaTags:
    """Contents of <meta> tags named by property, name or itemprop, read in one pass (a
    page's metadata asks for some twenty names; one XPath over the tree each is slow on
    big pages)."""

    def __init__(self, root: etree._Element) -> None:
        self.by_key: dict[str, list[str]] = {}
        for el in root.iter("meta"):
            value = normalize_inline(el.get("content", ""))
            if not value:
                continue
            for key in dict.fromkeys(el.get(a) for a in ("property", "name", "itemprop")):
                if key:
                    self.by_key.setdefault(key, []).append(value)

    def __call__(self, *keys: str) -> list[str]:
        return [value for key in keys for value in self.by_key.get(key, ())]


_ARTICLE_TYPES = re.compile(r"Article|BlogPosting|Report|WebPage", re.IGNORECASE)


def _json_ld(root: etree._Element) -> list[dict[str, object]]:
    """The JSON-LD items of a page (lists and @graph flattened), articles first."""
    items: list[dict[str, object]] = []
    for script in root.xpath("//script[@type='application/ld+json']"):
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                graph = item.get("@graph")
                if isinstance(graph, list):
                    stack.extend(graph)
                items.append(item)

    def is_article(item: dict[str, object]) -> bool:
        kind = item.get("@type")
        kinds = kind if isinstance(kind, list) else [kind]
        return any(isinstance(k, str) and _ARTICLE_TYPES.search(k) for k in kinds)

    return sorted(items, key=lambda item: not is_article(item))


def _ld_names(value: object) -> list[str]:
    """Names in a JSON-LD author/publisher value (a string, an object, or a list of them)."""
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for v in values:
        name = v.get("name") if isinstance(v, dict) else v
        if isinstance(name, str) and name.strip() and not name.startswith("http"):
            names.append(normalize_inline(name))
    return names


def _ld_field(items: list[dict[str, object]], key: str) -> object:
    for item in items:
        value = item.get(key)
        if value not in (None, "", []):
            return value
    return None


def _author_names(value: str) -> list[str]:
    """Authors from a meta tag or trafilatura: "Eva Bo; Ib Ek", "Af Eva Bo og Ib Ek"."""
    value = re.sub(r"^(?:By|Af)\s+", "", value.strip(), flags=re.I)
    if value.startswith("http"):
        return []
    names: list[str] = []
    for part in re.split(r"\s*;\s*|\s*\|\s*", value):
        found = parse_names(part)
        names.extend(found or ([part.strip()] if part.strip() else []))
    return list(dict.fromkeys(names))


class _Fields:
    """Citation fields, each kept with where it came from; the first source found wins."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}
        self.sources: dict[str, str] = {}

    def set(self, name: str, value: object, source: str) -> None:
        if value and name not in self.values:
            self.values[name] = value
            self.sources[name] = source


def _strip_site(title: str, site: str | None) -> tuple[str, str | None]:
    """ "Headline | TV 2 Fyn" -> ("Headline", "TV 2 Fyn") when the suffix names the site."""
    parts = re.split(r"\s+[|–—-]\s+", title)
    if len(parts) > 1:
        suffix = parts[-1].strip()
        if (site and _same_name(suffix, site)) or outlet_for(suffix):
            return " - ".join(parts[:-1]).strip(), suffix
    return title, None


def _same_name(a: str, b: str) -> bool:
    return re.sub(r"\W", "", a).casefold() == re.sub(r"\W", "", b).casefold()


def html_metadata(
    root: etree._Element,
    blocks: list[Block],
    extras: dict[str, list[str]],
    html: str,
    use_trafilatura: bool = True,
) -> dict[str, object]:
    """Title, dates, outlet, authors and URL of a page, each with its source.

    In order of trust: the article's JSON-LD, meta tags (Open Graph, article:, author),
    the page's own byline and date lines, the <title>'s site suffix, a photo credit,
    the URL's domain, and last trafilatura's metadata for what is still missing.
    """
    ld = _json_ld(root)
    tags = _MetaTags(root)
    f = _Fields()
    sites = tags("og:site_name", "application-name")
    site = sites[0] if sites else None
    publisher = _ld_names(_ld_field(ld, "publisher"))
    # title
    headline = _ld_field(ld, "headline")
    if isinstance(headline, str):
        f.set("title", normalize_inline(headline), "json-ld")
    for value in tags("og:title", "twitter:title")[:1]:
        f.set("title", _strip_site(value, site)[0], "og:title")
    for h1 in root.xpath("//h1"):
        text = normalize_inline(h1.text_content())
        if text and not is_furniture(text):
            f.set("title", text, "h1")
            break
    page_title = root.xpath("//title")
    title_suffix = None
    if page_title:
        text, title_suffix = _strip_site(normalize_inline(page_title[0].text_content()), site)
        f.set("title", re.split(r"\s+[|–—]\s+", text)[0], "title")
    heading = next((b.text for b in blocks if b.kind == "heading"), None)
    f.set("title", heading, "first heading")
    # dates
    for key, name in (("datePublished", "date"), ("dateModified", "updated")):
        published = _ld_field(ld, key)
        f.set(name, parse_date(str(published)) if published else None, "json-ld")
    for value in tags(*_PUBLISHED_META):
        f.set("date", parse_date(value), "meta")
    for value in tags(*_MODIFIED_META):
        f.set("updated", parse_date(value), "meta")
    for el in root.xpath("//time[@datetime]"):
        f.set("date", parse_date(el.get("datetime", "")), "time")
    for line in extras["dates"]:
        dateline = parse_dateline(line)
        if dateline is not None:
            f.set("date", dateline.date, "dateline")
            f.set("updated", dateline.updated, "dateline")
        else:
            f.set("date", parse_date(line), "dateline")
    # authors
    f.set("authors", _ld_names(_ld_field(ld, "author")), "json-ld")
    for value in tags("author", "article:author", "dc.creator", "byl"):
        f.set("authors", _author_names(value), "meta:author")
    byline_names: list[str] = []
    for block in blocks:
        if block.kind == "byline":
            dateline = parse_dateline(block.text)
            names = parse_byline(block.text) or (dateline.authors if dateline else None)
            byline_names.extend(n for n in names or [] if n not in byline_names)
            if dateline is not None:
                f.set("date", dateline.date, "dateline")
                f.set("updated", dateline.updated, "dateline")
    known = f.values.get("authors")
    if isinstance(known, list) and set(known) < set(byline_names):
        del f.values["authors"]  # the byline names more (meta tags often only the first)
    f.set("authors", byline_names, "byline")
    # url
    for value in tags("og:url"):
        f.set("url", value, "og:url")
    for href in root.xpath("//link[@rel='canonical']/@href"):
        f.set("url", str(href).strip() if str(href).startswith("http") else None, "canonical")
    main_page = _ld_field(ld, "mainEntityOfPage")
    if isinstance(main_page, dict):
        main_page = main_page.get("@id")
    for link in (_ld_field(ld, "url"), main_page):
        if isinstance(link, str) and link.startswith("http"):
            f.set("url", link, "json-ld")
    # outlet
    f.set("outlet", site, "og:site_name")
    f.set("outlet", publisher[0] if publisher else None, "json-ld")
    f.set("outlet", title_suffix, "title")
    for block in blocks:
        if block.kind == "byline":
            f.set("outlet", byline_outlet(block.text), "byline")
    for block in blocks:
        if block.kind == "caption":
            f.set("outlet", credit_outlet(block.text), "photo credit")
    f.set("outlet", outlet_from_url(str(f.values.get("url") or "")), "url")
    missing = {"title", "date", "authors", "outlet", "url"} - set(f.values)
    if missing and use_trafilatura:
        tmeta = _trafilatura_metadata(html)
        f.set("title", tmeta.get("title"), "trafilatura")
        f.set("date", parse_date(tmeta.get("date") or ""), "trafilatura")
        f.set("authors", _author_names(tmeta.get("author") or ""), "trafilatura")
        f.set("url", tmeta.get("url"), "trafilatura")
        f.set("outlet", tmeta.get("sitename"), "trafilatura")
        f.set("outlet", outlet_from_url(tmeta.get("url")), "trafilatura")
    if isinstance(f.values.get("outlet"), str):
        f.values["outlet"] = outlet_for(str(f.values["outlet"])) or f.values["outlet"]
    if "date" not in f.values and "updated" in f.values:
        f.set("date", f.values["updated"], f.sources["updated"])
    return {
        "title": f.values.get("title"),
        "date": f.values.get("date"),
        "updated": f.values.get("updated"),
        "outlet": f.values.get("outlet"),
        "authors": f.values.get("authors") or [],
        "url": f.values.get("url"),
        "field_sources": f.sources,
    }


_PUBLISHED_META = (
    "article:published_time", "og:published_time", "datePublished", "date", "dc.date",
    "DC.date.issued", "pubdate", "publishdate",
)  # fmt: skip
_MODIFIED_META = ("article:modified_time", "og:updated_time", "dateModified", "lastmod")


def _trafilatura_metadata(html: str) -> dict[str, str | None]:
    """What trafilatura reads of a page's metadata (title, author, date, url, site name)."""
    try:
        import trafilatura

        meta = trafilatura.extract_metadata(html)
    except Exception:  # metadata is a bonus; a page it cannot read still has its text
        return {}
    if meta is None:
        return {}
    return {
        key: getattr(meta, key, None)
        for key in ("title", "author", "date", "url", "sitename", "hostname")
    }


def read_html_file(path: Path, data: bytes, engine: str = "auto") -> dict[str, object]:
    """Fields for Document.from_blocks from an HTML page's bytes.

    engine: "rules" (ours), "trafilatura", or "auto" (ours when they find an article,
    trafilatura otherwise).
    """
    if len(data) > MAX_HTML_BYTES:
        raise IngestError(
            path, f"HTML page of {megabytes(len(data))} (limit {megabytes(MAX_HTML_BYTES)})"
        )
    warnings: list[str] = []
    html = decode_bytes(data, path, warnings)
    if not html.strip():
        raise IngestError(path, "empty HTML file")
    html = _XML_DECLARATION.sub("", html, count=1)  # lxml refuses str with encoding="…"
    parser = lxml.html.HTMLParser()
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise IngestError(path, f"unreadable HTML ({exc})") from exc
    too_deep = any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log)
    small = len(html) <= TRAFILATURA_MAX_BYTES
    if not small and engine == "auto":
        engine = "rules"
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
        deep = f" (elements nested over {HTML_MAX_DEPTH} deep are not read)" if too_deep else ""
        raise IngestError(path, "no article text found in HTML" + deep)
    fields = html_metadata(root, blocks, extras, html, use_trafilatura=small)
    if not fields["date"] and tmeta.get("date"):
        fields["date"] = parse_date(tmeta.get("date") or "")
        fields["field_sources"]["date"] = "trafilatura"  # type: ignore[index]
    metadata: dict[str, object] = {}
    if extras["bylines"]:
        metadata["bylines"] = extras["bylines"]
    if fields["authors"]:
        metadata["author"] = "; ".join(fields["authors"])  # type: ignore[arg-type]
    for block in blocks:
        dateline = parse_dateline(block.text) if block.kind == "byline" else None
        if dateline is not None and dateline.place:  # "Holbæk - 9. marts 2022 …"
            metadata["dateline"] = block.text
            break
    return {"blocks": blocks, "metadata": metadata, "warnings": warnings, **fields}
