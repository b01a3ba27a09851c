"""`dapipe evaluate quotes`: quote detection and speaker attribution against a gold JSONL.

A predicted quote matches a gold quote of the same document when their word
overlap covers at least 80% of both; the speaker is right when the predicted
person's name or one of its aliases equals the gold name (case-insensitive).
The last line of the report is `quote_f=… speaker_acc=… pair_f=…`.

`kinds` restricts the score to some gold kinds (say direct and unmarked, which
are annotated exhaustively): predictions are still matched against every gold
quote, so one that matches a gold quote of another kind is left out of the
count rather than called spurious.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from pipeline.core import Person, Quote

MIN_OVERLAP = 0.8
WORD = re.compile(r"\w+")


class GoldError(ValueError):
    """A gold file or document that cannot be read; the message is one line."""


@dataclass
class GoldQuote:
    document: str
    quote: str
    speaker: str | None
    kind: str | None = None
    mention: str | None = None
    style: str | None = None


@dataclass
class Match:
    gold: GoldQuote
    predicted: Quote
    speaker_ok: bool


@dataclass
class QuoteEvaluation:
    """Counts of one evaluation run; `report()` prints them."""

    gold_count: int = 0
    predicted_count: int = 0
    matches: list[Match] = field(default_factory=list)
    missed: list[GoldQuote] = field(default_factory=list)
    spurious: list[tuple[str, Quote]] = field(default_factory=list)
    gold_by_kind: Counter[str] = field(default_factory=Counter)
    predicted_by_kind: Counter[str] = field(default_factory=Counter)

    @property
    def precision(self) -> float:
        return len(self.matches) / self.predicted_count if self.predicted_count else 0.0

    @property
    def recall(self) -> float:
        return len(self.matches) / self.gold_count if self.gold_count else 0.0

    @property
    def quote_f(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def speaker_acc(self) -> float:
        if not self.matches:
            return 0.0
        return sum(m.speaker_ok for m in self.matches) / len(self.matches)

    @property
    def pair_f(self) -> float:
        correct = sum(m.speaker_ok for m in self.matches)
        precision = correct / self.predicted_count if self.predicted_count else 0.0
        recall = correct / self.gold_count if self.gold_count else 0.0
        return _f1(precision, recall)

    def report(self, verbose: bool = False) -> str:
        lines = [
            f"gold quotes: {self.gold_count}  predicted: {self.predicted_count}  "
            f"matched: {len(self.matches)}",
            f"quote precision={self.precision:.4f} recall={self.recall:.4f} f1={self.quote_f:.4f}",
        ]
        matched_gold_kind = Counter(m.gold.kind or "?" for m in self.matches)
        matched_pred_kind: Counter[str] = Counter(str(m.predicted.kind) for m in self.matches)
        for kind in sorted(set(self.gold_by_kind) | set(self.predicted_by_kind)):
            gold_n, pred_n = self.gold_by_kind[kind], self.predicted_by_kind[kind]
            recall = matched_gold_kind[kind] / gold_n if gold_n else 0.0
            precision = matched_pred_kind[kind] / pred_n if pred_n else 0.0
            lines.append(
                f"  kind {kind:<9} precision={precision:.4f} recall={recall:.4f} "
                f"(gold {gold_n}, predicted {pred_n})"
            )
        by_mention: dict[str, list[bool]] = defaultdict(list)
        for match in self.matches:
            by_mention[match.gold.mention or "?"].append(match.speaker_ok)
        lines.append(f"speaker accuracy={self.speaker_acc:.4f} over {len(self.matches)} matched")
        for mention, oks in sorted(by_mention.items()):
            lines.append(
                f"  mention {mention:<13} accuracy={sum(oks) / len(oks):.4f} (n={len(oks)})"
            )
        by_confidence: dict[float, list[bool]] = defaultdict(list)
        for match in self.matches:
            by_confidence[match.predicted.confidence or 0.0].append(match.speaker_ok)
        if self.matches:
            lines.append("by predicted confidence (speaker accuracy)")
            for level, oks in sorted(by_confidence.items(), reverse=True):
                lines.append(
                    f"  confidence {level:.2f} accuracy={sum(oks) / len(oks):.4f} (n={len(oks)})"
                )
        gold_by_style = Counter(g.style for g in self.missed) + Counter(
            m.gold.style for m in self.matches
        )
        if any(gold_by_style):
            lines.append("by quote style (found / speaker right / gold)")
            for style in sorted(s for s in gold_by_style if s):
                found = [m for m in self.matches if m.gold.style == style]
                right = sum(m.speaker_ok for m in found)
                lines.append(f"  style {style:<15} {len(found)} / {right} / {gold_by_style[style]}")
        if verbose:
            for gold in self.missed:
                lines.append(f"MISSED   [{gold.document}] {gold.quote[:100]!r}")
            for document, quote in self.spurious:
                lines.append(f"SPURIOUS [{document}] {quote.text[:100]!r} ({quote.speaker})")
            for match in self.matches:
                if not match.speaker_ok:
                    lines.append(
                        f"SPEAKER  [{match.gold.document}] gold={match.gold.speaker!r} "
                        f"predicted={match.predicted.speaker!r} ({match.gold.mention}) "
                        f"{match.gold.quote[:60]!r}"
                    )
        lines.append(
            f"quote_f={self.quote_f:.4f} speaker_acc={self.speaker_acc:.4f} "
            f"pair_f={self.pair_f:.4f}"
        )
        return "\n".join(lines)


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def words(text: str) -> Counter[str]:
    return Counter(word.lower() for word in WORD.findall(text))


def overlap_ok(gold: str, predicted: str) -> bool:
    """Word overlap covers at least 80% of both texts."""
    g, p = words(gold), words(predicted)
    if not g or not p:
        return False
    common = sum((g & p).values())
    return common >= MIN_OVERLAP * sum(g.values()) and common >= MIN_OVERLAP * sum(p.values())


def speaker_ok(gold: str | None, quote: Quote, persons: list[Person]) -> bool:
    """The predicted person's name or an alias equals the gold name (case-insensitive)."""
    if gold is None:
        return quote.speaker is None
    if quote.speaker is None:
        return False
    names = {quote.speaker.lower()}
    for person in persons:
        if person.name == quote.speaker:
            names.update(alias.lower() for alias in person.aliases)
    return gold.strip().lower() in names


def read_gold(path: Path) -> list[GoldQuote]:
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise GoldError(f"{path}: cannot read gold file ({exc.strerror or exc})") from exc
    gold = []
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            gold.append(
                GoldQuote(
                    document=str(row["document"]),
                    quote=str(row["quote"]),
                    speaker=row.get("speaker"),
                    kind=row.get("kind"),
                    mention=row.get("mention"),
                    style=row.get("quote_style"),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise GoldError(f"{path}:{number}: not a gold quote line ({exc})") from exc
    return gold


def document_text(docs: Path, document: str) -> str:
    """The text of DIR/ID.txt as written (or of ID.html through the ingest stage).

    Plain text is read as is rather than through `pipeline.ingest`, whose text
    reader turns a paragraph opening with "- " into a list item and drops the
    dash, which in news marks direct speech.
    """
    path = docs / f"{document}.txt"
    if path.exists():
        try:
            raw = path.read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise GoldError(f"{path}: cannot read document ({exc})") from exc
        return raw.replace("\r\n", "\n").replace("\r", "\n")
    from pipeline.ingest import IngestError, extract

    for suffix in (".html", ".htm", ".md", ".docx", ".pdf"):
        path = docs / f"{document}{suffix}"
        if path.exists():
            try:
                return extract(path).text
            except IngestError as exc:
                raise GoldError(str(exc)) from exc
    raise GoldError(f"{docs / (document + '.txt')}: document of the gold file not found")


def evaluate_with(
    nlp: Language, gold: list[GoldQuote], docs: Path, kinds: frozenset[str] | None = None
) -> QuoteEvaluation:
    """Score an already built pipeline (it must contain the quote component)."""
    scored = [g for g in gold if kinds is None or g.kind in kinds]
    result = QuoteEvaluation(gold_count=len(scored))
    by_document: dict[str, list[GoldQuote]] = defaultdict(list)
    for item in gold:
        by_document[item.document].append(item)
    for item in scored:
        result.gold_by_kind[item.kind or "?"] += 1
    for document, gold_quotes in by_document.items():
        doc = nlp(document_text(docs, document))
        predicted: list[Quote] = list(doc._.quotes)
        persons: list[Person] = list(doc._.persons)
        pairs = []
        for gi, gq in enumerate(gold_quotes):
            for pi, pq in enumerate(predicted):
                if overlap_ok(gq.quote, pq.text):
                    common = sum((words(gq.quote) & words(pq.text)).values())
                    pairs.append((common, gi, pi))
        used_gold, used_pred = set(), set()
        for _common, gi, pi in sorted(pairs, reverse=True):
            if gi in used_gold or pi in used_pred:
                continue
            used_gold.add(gi)
            used_pred.add(pi)
            gq, pq = gold_quotes[gi], predicted[pi]
            if kinds is not None and gq.kind not in kinds:
                continue  # a match to an unscored kind: neither right nor spurious
            result.matches.append(Match(gq, pq, speaker_ok(gq.speaker, pq, persons)))
            result.predicted_count += 1
            result.predicted_by_kind[pq.kind] += 1
        result.missed.extend(
            g
            for i, g in enumerate(gold_quotes)
            if i not in used_gold and (kinds is None or g.kind in kinds)
        )
        for i, quote in enumerate(predicted):
            if i not in used_pred and (kinds is None or quote.kind in kinds):
                result.spurious.append((document, quote))
                result.predicted_count += 1
                result.predicted_by_kind[quote.kind] += 1
    return result


def evaluate_quotes(
    gold: Path, docs: Path, model: str = "embedded", kinds: frozenset[str] | None = None
) -> QuoteEvaluation:
    """Build `model` plus the quote component and score it on GOLD against DIR/ID.txt."""
    from pipeline import nlp as nlp_stage
    from pipeline.quotes.component import add_pipe

    gold_quotes = read_gold(Path(gold))
    docs = Path(docs)
    if not docs.is_dir():
        raise GoldError(f"{docs}: documents folder not found")
    nlp = nlp_stage.load(model)
    add_pipe(nlp)
    return evaluate_with(nlp, gold_quotes, docs, kinds)
