"""A corpus of bad input, one file per kind of fault, each with the outcome a batch must give.

Archives are messy: a researcher's overnight run must store every good file and list every
bad one with a reason. Each `Fault` writes one file (or folder entry) and says what
`dapipe process` has to make of it: stored (`ok`), stored with a recorded warning
(`warning`), failed with a reason (`failed`), or not read, counted by why (`ignored`).

    python tests/fault_corpus.py OUT_DIR      # writes the corpus, processes it, prints the table

The texts are our own; the PDFs come from fpdf2 and the DOCX files from python-docx.
"""

from __future__ import annotations

import codecs
import os
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ARTICLE = (
    "Ny cykelsti langs Åvej\n\n"
    "Byrådet i Nørreby har vedtaget at anlægge en cykelsti langs Åvej. "
    "Arbejdet begynder til foråret og varer et halvt år.\n\n"
    "– Vi har ventet længe på den sti, siger formanden for grundejerforeningen, Lis Holm.\n"
)
REPORT_LINES = [
    "Kommunen har styr på fristerne i de fleste sager.",
    "Børnesamtalen er dog ikke afholdt i tre af ti sager.",
]


@dataclass(frozen=True)
class Fault:
    name: str  # short id, also the file's stem
    filename: str
    make: Callable[[Path], None]  # writes the file at the given path
    expect: str  # ok | warning | failed | ignored
    reason: str = ""  # a part of the stored error or warning (or the ignored count's key)
    needs: str = ""  # "tesseract", "fifo", "not-root": skipped where missing


# --- makers ------------------------------------------------------------------------------


def _text(text: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    return lambda path: path.write_bytes(text.encode(encoding))


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _pdf(pages: list[list[str]], **options: object) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        from fpdf import FPDF

        pdf = FPDF(unit="mm", format=options.get("format", "A4"))  # type: ignore[arg-type]
        pdf.set_auto_page_break(False)
        for lines in pages:
            pdf.add_page()
            pdf.set_font("Helvetica", size=11)
            for k, line in enumerate(lines):
                pdf.text(20, 20 + 6 * k, line)
        if options.get("password"):
            pdf.set_encryption(owner_password="ejer", user_password=str(options["password"]))
        pdf.output(str(path))

    return make


def _good_pdf_bytes(tmp: Path) -> bytes:
    _pdf([REPORT_LINES, ["Ledelsen følger op hver måned."]])(tmp)
    data = tmp.read_bytes()
    tmp.unlink()
    return data


def _derived_pdf(change: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        path.write_bytes(change(_good_pdf_bytes(path)))

    return make


def _break_xref(data: bytes) -> bytes:
    """Every offset in the cross-reference table points elsewhere (readers must rebuild it)."""
    head, sep, tail = data.rpartition(b"\nxref\n")
    lines = tail.split(b"\n")
    broken = [
        b"%010d 00000 n " % (int(line[:10]) + 7) if line.endswith(b" n ") else line
        for line in lines
    ]
    return head + sep + b"\n".join(broken)


def _image_pdf(width_mm: float, height_mm: float, text: bool) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        from fpdf import FPDF
        from PIL import Image, ImageDraw, ImageFont

        image = Image.new("L", (1700, 700), 255)
        if text:
            draw = ImageDraw.Draw(image)
            try:
                font = ImageFont.truetype("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 44)
            except OSError:
                font = ImageFont.load_default()
            for k, line in enumerate(REPORT_LINES):
                draw.text((80, 80 + k * 90), line, fill=0, font=font)
        pdf = FPDF(unit="mm", format=(width_mm, height_mm))
        pdf.add_page()
        pdf.image(image, x=0, y=0, w=width_mm)
        pdf.output(str(path))

    return make


def _docx(paragraphs: list[str]) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        import docx

        document = docx.Document()
        for text in paragraphs:
            document.add_paragraph(text)
        document.save(str(path))

    return make


def _docx_with_xml(xml: bytes) -> Callable[[Path], None]:
    """A real DOCX whose word/document.xml is replaced by `xml`."""

    def make(path: Path) -> None:
        _docx(["pladsholder"])(path)
        with zipfile.ZipFile(path) as src:
            members = {n: src.read(n) for n in src.namelist()}
        members["word/document.xml"] = xml
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
            for name, data in members.items():
                out.writestr(name, data)

    return make


def _docx_without_body(path: Path) -> None:
    _docx(["pladsholder"])(path)
    with zipfile.ZipFile(path) as src:
        members = {n: src.read(n) for n in src.namelist() if n != "word/document.xml"}
    with zipfile.ZipFile(path, "w") as out:
        for name, data in members.items():
            out.writestr(name, data)


def _zip_bomb(path: Path) -> None:
    _docx(REPORT_LINES)(path)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/fyld.bin", bytes(300 * 1024 * 1024))


W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _w_document(doctype: bytes, body_text: bytes) -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + doctype + b"<w:document "
        b"" + W + b"><w:body><w:p><w:r><w:t>" + body_text + b"</w:t></w:r></w:p>"
        b"<w:p><w:r><w:t>" + REPORT_LINES[0].encode() + b"</w:t></w:r></w:p>"
        b"</w:body></w:document>"
    )


_LAUGHS = (
    b'<!DOCTYPE w:document [<!ENTITY a "hahahahahahahahahaha">'
    + b"".join(b'<!ENTITY %c "%s">' % (98 + k, (b"&%c;" % (97 + k)) * 10) for k in range(8))
    + b"]>"
)
SECRET = "HEMMELIGT-KODEORD"


def _docx_xxe(path: Path) -> None:
    """A DOCX whose XML asks to include a local file (it must not be read)."""
    secret = path.parent / ".hemmelig"  # hidden: the batch does not read it itself
    secret.write_text(SECRET, encoding="utf-8")
    doctype = b'<!DOCTYPE w:document [<!ENTITY x SYSTEM "%s">]>' % secret.as_uri().encode()
    _docx_with_xml(_w_document(doctype, b"&x;"))(path)


def _html(body: str, head: str = "<title>Nørreby Avis</title>") -> str:
    return f"<!DOCTYPE html><html lang='da'><head>{head}</head><body>{body}</body></html>"


ARTICLE_HTML = _html(
    "<article><h1>Ny cykelsti langs Åvej</h1>"
    "<p>Byrådet i Nørreby har vedtaget at anlægge en cykelsti langs Åvej. Arbejdet begynder "
    "til foråret og varer et halvt år, oplyser kommunen.</p>"
    "<p>– Vi har ventet længe på den sti, siger formanden for grundejerforeningen, Lis Holm.</p>"
    "</article>"
)


def _huge_markup(path: Path) -> None:
    filler = "<div class='reklame'><span>Køb nu</span></div>\n" * 400_000  # ~20 MB
    path.write_text(ARTICLE_HTML.replace("<article>", filler + "<article>"), encoding="utf-8")


def _deep_nesting(path: Path) -> None:
    body = "<div>" * 50_000 + "<p>" + ARTICLE.replace("\n", " ") + "</p>" + "</div>" * 50_000
    path.write_text(_html(body), encoding="utf-8")


def _html_entity_bomb(path: Path) -> None:
    doctype = _LAUGHS.decode().replace("w:document", "html")
    page = ARTICLE_HTML.replace("<!DOCTYPE html>", doctype).replace("<h1>", "<h1>&i;")
    path.write_text(page, encoding="utf-8")


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _symlink_loop(path: Path) -> None:
    path.symlink_to(path.name)  # points at itself


def _folder_link_loop(path: Path) -> None:
    path.symlink_to(".", target_is_directory=True)  # a folder link back to its own folder


def _unreadable(path: Path) -> None:
    path.write_text(ARTICLE, encoding="utf-8")
    path.chmod(0)


def _control_characters(path: Path) -> None:
    text = ARTICLE.replace("Åvej", "Åvej\x1b]0;ejet\x07\x1b[2J\u202e").replace("Holm", "Holm[/]")
    path.write_text(text, encoding="utf-8")


def _long_text(path: Path) -> None:
    paragraph = ARTICLE.split("\n\n")[1]
    path.write_text("Lang tekst\n\n" + (paragraph + "\n\n") * 90_000, encoding="utf-8")


def _many_pages(count: int) -> list[list[str]]:
    """Pages of short, different findings (equal lines on every page are running heads)."""
    towns = ["Nørreby", "Vestby", "Åstrup", "Søhøj", "Lilleå", "Kærby", "Bøgelund"]
    verbs = ["overholder", "mangler", "forbedrer", "dokumenterer", "gennemgår"]
    things = ["fristerne", "børnesamtalen", "handleplanen", "opfølgningen", "underretningen"]
    return [
        [
            f"I {towns[k % 7]} {verbs[k % 5]} forvaltningen {things[k % 3 + k % 2]} "
            f"i {k % 17 + 2} af {k % 23 + 20} sager."
        ]
        for k in range(count)
    ]


FAULTS: list[Fault] = [
    # control files: the batch must store them whatever else is in the folder
    Fault("god-tekst", "god-tekst.txt", _text(ARTICLE), "ok"),
    Fault("god-pdf", "god-pdf.pdf", _pdf([REPORT_LINES, ["Ledelsen følger op hver måned."]]), "ok"),
    Fault("god-html", "god-html.html", _text(ARTICLE_HTML), "ok"),
    Fault("god-docx", "god-docx.docx", _docx(ARTICLE.split("\n\n")), "ok"),
    # PDF
    Fault(
        "pdf-krypteret",
        "pdf-krypteret.pdf",
        _pdf([REPORT_LINES], password="x"),
        "failed",
        "encrypted PDF",
    ),
    Fault(
        "pdf-afkortet",
        "pdf-afkortet.pdf",
        _derived_pdf(lambda d: d[: len(d) // 2]),
        "failed",
        "truncated or corrupt PDF",
    ),
    Fault("pdf-xref", "pdf-xref.pdf", _derived_pdf(_break_xref), "ok"),
    Fault(
        "pdf-kun-hoved",
        "pdf-kun-hoved.pdf",
        _bytes(b"%PDF-1.7\n%%EOF\n"),
        "failed",
        "truncated or corrupt PDF",
    ),
    Fault("pdf-er-html", "pdf-er-html.pdf", _text(ARTICLE_HTML), "failed", "not a PDF"),
    Fault("pdf-tom", "pdf-tom.pdf", _bytes(b""), "failed", "empty file"),
    Fault(
        "pdf-blanke-sider",
        "pdf-blanke-sider.pdf",
        _pdf([[], [], []]),
        "failed",
        "no extractable text",
    ),
    Fault(
        "pdf-scannet",
        "pdf-scannet.pdf",
        _image_pdf(210, 297, text=True),
        "warning",
        "page 1 read by OCR",
        needs="tesseract",
    ),
    Fault(
        "pdf-plakat",
        "pdf-plakat.pdf",
        _image_pdf(5000, 5000, text=False),
        "failed",
        "to render for OCR (limit",
    ),
    Fault("pdf-2000-sider", "pdf-2000-sider.pdf", _pdf(_many_pages(2000)), "ok"),
    # HTML
    Fault(
        "html-fejlside",
        "html-fejlside.html",
        _text(_html("<h1>404</h1><p>Siden blev ikke fundet.</p>")),
        "failed",
        "no article",
    ),
    Fault("html-20mb", "html-20mb.html", _huge_markup, "ok"),
    Fault("html-dyb", "html-dyb.html", _deep_nesting, "failed", "nested over 255 deep"),
    Fault("html-entiteter", "html-entiteter.html", _html_entity_bomb, "ok"),
    Fault(
        "html-utf16",
        "html-utf16.html",
        _bytes(codecs.BOM_UTF16_LE + ARTICLE_HTML.encode("utf-16-le")),
        "ok",
    ),
    Fault("html-tom", "html-tom.html", _text("   \n"), "failed", "empty HTML file"),
    # text
    Fault("txt-cp1252", "txt-cp1252.txt", _text(ARTICLE, "cp1252"), "ok"),
    Fault(
        "txt-utf16",
        "txt-utf16.txt",
        _bytes(codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le")),
        "ok",
    ),
    Fault("txt-utf16-uden-bom", "txt-utf16-uden-bom.txt", _text(ARTICLE, "utf-16-le"), "ok"),
    Fault(
        "txt-nul",
        "txt-nul.txt",
        _text(ARTICLE.replace(" ", " \x00", 2) + ARTICLE * 2),
        "warning",
        "2 NUL bytes removed",
    ),
    Fault(
        "txt-nul-hale",
        "txt-nul-hale.txt",
        _bytes(ARTICLE.encode() + bytes(4096)),
        "warning",
        "4096 NUL bytes removed",
    ),
    Fault("txt-binaer", "txt-binaer.txt", _bytes(bytes(range(256)) * 64), "failed", "binary file"),
    Fault(
        "txt-loes-byte",
        "txt-loes-byte.txt",
        _bytes(ARTICLE.encode() + b"\xff\n"),
        "warning",
        "1 byte not valid UTF-8",
    ),
    Fault(
        "txt-kun-blanktegn", "txt-kun-blanktegn.txt", _text(" \n\t\n"), "failed", "empty text file"
    ),
    Fault("txt-styretegn", "txt-styretegn.txt", _control_characters, "ok"),
    Fault("txt-lang", "txt-lang.txt", _long_text, "failed", "characters (limit 10,000,000"),
    Fault("txt-tom", "txt-tom.txt", _bytes(b""), "failed", "empty file"),
    # DOCX
    Fault("docx-zipbombe", "docx-zipbombe.docx", _zip_bomb, "failed", "too large when unpacked"),
    Fault("docx-ikke-zip", "docx-ikke-zip.docx", _text(ARTICLE), "failed", "not a valid .docx"),
    Fault(
        "docx-uden-krop", "docx-uden-krop.docx", _docx_without_body, "failed", "not a valid .docx"
    ),
    Fault(
        "docx-entiteter",
        "docx-entiteter.docx",
        _docx_with_xml(_w_document(_LAUGHS, b"&i;")),
        "failed",
        "expands entities",
    ),
    Fault("docx-xxe", "docx-xxe.docx", _docx_xxe, "ok"),  # stored without the file it names
    Fault("docx-tom", "docx-tom.docx", _docx([]), "failed", "no text found"),
    # the file system
    Fault("ukendt-type", "ukendt-type.xlsx", _bytes(b"PK\x03\x04"), "ignored", "unsupported .xlsx"),
    Fault("fifo", "fifo.txt", _fifo, "ignored", "pipe, socket or device", needs="fifo"),
    Fault(
        "symlink-loekke", "symlink-loekke.txt", _symlink_loop, "ignored", "broken or looping link"
    ),
    Fault(
        "mappe-link", "mappe-link", _folder_link_loop, "ignored", "link to a folder (not followed)"
    ),
    Fault(
        "ulaeselig", "ulaeselig.txt", _unreadable, "failed", "permission denied", needs="not-root"
    ),
]


def available(fault: Fault) -> bool:
    if fault.needs == "tesseract":
        from shutil import which

        return which("tesseract") is not None
    if fault.needs == "fifo":
        return hasattr(os, "mkfifo")
    if fault.needs == "not-root":
        return hasattr(os, "geteuid") and os.geteuid() != 0
    return True


def build(folder: Path, faults: list[Fault] = FAULTS) -> list[Fault]:
    """Write every available fault into `folder`; returns those written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for fault in faults:
        if available(fault):
            fault.make(folder / fault.filename)
            written.append(fault)
    return written


def outcomes(db: Path) -> dict[str, tuple[str, str]]:
    """File name → (ok | warning | failed, the stored error or warnings) from a database."""
    import json

    from pipeline.store import connect_reader

    with connect_reader(db) as conn:
        rows = conn.execute("SELECT path, status, error, warnings FROM documents").fetchall()
    found = {}
    for path, status, error, warnings in rows:
        if status == "failed":
            found[Path(path).name] = ("failed", error or "")
        elif warnings:
            found[Path(path).name] = ("warning", " | ".join(json.loads(warnings)))
        else:
            found[Path(path).name] = ("ok", "")
    return found


def main(argv: list[str]) -> int:
    from pipeline.batch import process

    if len(argv) != 1:
        print("usage: python tests/fault_corpus.py OUT_DIR", file=sys.stderr)
        return 2
    folder = Path(argv[0])
    written = build(folder / "filer")
    ignored = process([folder / "filer"], db=folder / "fejl.sqlite").ignored
    got = outcomes(folder / "fejl.sqlite")
    print("| input | expected | outcome | reason |\n|---|---|---|---|")
    for fault in written:
        status, why = got.get(fault.filename, ("ignored", ""))
        mark = "" if status == fault.expect and fault.reason in why + str(ignored) else " ✗"
        print(f"| {fault.name} | {fault.expect} | {status}{mark} | {why[:90]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
