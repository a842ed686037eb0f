"""Refit the event confidence model (`src/tacitus/data/confidence.json`) in one command.

    python scripts/fit_confidence.py                 # analyse, fit, write the model and docs
    python scripts/fit_confidence.py --cache DIR     # keep the analysed features in DIR
    python scripts/fit_confidence.py --check         # measure the shipped model, write the docs
    python scripts/fit_confidence.py --dry-run       # report only, write nothing
    python scripts/fit_confidence.py --force         # write a refit even if it misses the bar

What it does (see `tacitus.stages.confidence` for the model):
1. Runs the pipeline up to the `events` stage over the gold sets below and computes, per
   article, the domain features (mean token vector and the ten annotation shares) and, per
   event, its label: right (found by evidence in `events-news-dev` or `events-wikievents-dev`,
   or of a gold type in `events-plover-gsr`), wrong (not found by evidence, or any event of
   `events-negative-bbc`), or unscored (a prediction that an optional gold event took).
2. Splits once, fixed: BBC articles by a hash of the normalised headline (near-duplicates
   share a headline and so a side), the other sets by a hash of the document id; 60 % fit,
   40 % held out. PolNeAR train, re3d, TBAQ and LGL (political, conflict, general and local
   news, with no event gold) are used whole as positives of the domain model and are never
   scored here.
3. Fits the domain model (logistic regression, balanced classes) on the fit part; the
   calibration (logistic over the domain probability, cross-fitted on the fit part's own
   articles, and the event's own features, `tacitus.stages.confidence.event_features`) on
   the fit part's events of news-dev, WikiEvents and BBC.
4. Chooses the default threshold: the lowest (in steps of 0.005) at which the fit part of
   BBC has at most 1.0 occurred events per 1,000 words and at most 10 % of its articles with
   one (the bar of issue 16), then raised as far as it goes (same steps) without hiding a
   right event of the fit part that it shows: a higher threshold costs no right event
   there and hides more of the stream. The held-out part then shows what a new stream gets.
5. Reports on the held-out part only: the BBC stream figures, events kept per set, and the
   reliability table (bands of at least 30 events), and writes them to `docs/confidence.md`.
6. Refuses a refit whose held-out reliability table misses the issue's bar (in a band, the
   share right more than `RELIABILITY_BAR` from the mean confidence): it writes neither the
   model nor the docs and exits with status 1, unless `--force`.

`--check` fits nothing: it measures the shipped model on the current coder (the same
analysis, the same split: the held-out part never trained it) and writes only the docs, so
that the table stays true after the coder changes without a refit.

Needs scikit-learn (the `dev` extra: `pip install -e ".[dev]"`); the shipped model is numbers
only, read with numpy.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import pickle
import re
import sys
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT.parent / "shared" / "gold"
MODEL = ROOT / "src" / "tacitus" / "data" / "confidence.json"
DOCS = ROOT / "docs" / "confidence.md"

#: Gold sets with event gold: how each labels events.
SCORED = {
    "events-negative-bbc.jsonl": "negative",
    "events-news-dev.jsonl": "evidence",
    "events-wikievents-dev.jsonl": "evidence",
    "events-plover-gsr.jsonl": "type",
}
#: Political and general news without event gold: positives of the domain model only.
POSITIVE_ONLY = (
    "quotes-polnear-train.jsonl",  # US election news
    "entities-re3d-dev.jsonl",  # the conflict in Syria and Iraq
    "time-tbaq.jsonl",  # newswire of 1996-2000
    "geo-lgl.jsonl",  # local news: crime, police, courts, local government
)
#: Sets whose events fit and check the calibration (GSR's single sentences add no
#: wrong events, so they would teach the calibration that short texts are right).
CALIBRATED = ("events-negative-bbc.jsonl", "events-news-dev.jsonl", "events-wikievents-dev.jsonl")
FIT_SHARE = 6  # of 10
STREAM_BAR = (1.0, 0.10)  # the bar: occurred events per 1,000 words, share of articles
MIN_BAND = 30
#: The issue's bar: in each held-out reliability band, the share of right events is within
#: this of the band's mean confidence. A refit that misses it is not written (`--force`).
RELIABILITY_BAR = 0.1


def fit_part(key: str) -> bool:
    """Whether a document is in the fit part (else held out): a fixed hash split."""
    return int(hashlib.sha256(key.encode("utf-8")).hexdigest(), 16) % 10 < FIT_SHARE


def split_key(name: str, doc: dict[str, Any]) -> str:
    """BBC: the normalised headline (its first line); other sets: the document id."""
    if name == "events-negative-bbc.jsonl":
        headline = doc["text"].strip().split("\n")[0].lower()
        return re.sub(r"\W+", " ", headline).strip()
    return f"{name}:{doc.get('id')}"


WINDOW_TOKENS = 60  # sentences are grouped into windows of at least this many tokens
WINDOWS = 3  # per article, its first windows join the domain model's data


def windows(article: Any, width: int) -> list[np.ndarray]:
    """Domain features of the article's first passages of a few sentences, as if each were
    a text of its own (its tokens' vectors; the annotations that start inside it), so that
    the model also learns what a short text of each kind looks like."""
    from types import SimpleNamespace

    from tacitus.stages.confidence import article_features

    out: list[np.ndarray] = []
    start = None
    for sent in article.doc.sents:
        start = sent.start if start is None else start
        if sent.end - start < WINDOW_TOKENS:
            continue
        span = article.doc[start : sent.end]
        lo, hi = span.start_char, span.end_char

        def inside(offset: Any, lo: int = lo, hi: int = hi) -> bool:
            return offset is not None and lo <= offset < hi

        view = SimpleNamespace(
            doc=span,
            actors=[
                a for a in article.actors if any(inside(m[0]) for m in a.get("mentions") or [])
            ],
            entities=[e for e in article.entities if inside(e.get("start"))],
            places=[p for p in article.places if inside(p.get("start"))],
            events=[e for e in article.events if inside((e.get("evidence") or [None])[0])],
        )
        out.append(article_features(view, width))
        start = None
        if len(out) == WINDOWS:
            break
    return out


def _labels(kind: str, doc: dict[str, Any], record: dict[str, Any]) -> list[int | None]:
    from tacitus.evaluation.alignment import align_record
    from tacitus.evaluation.events import allowed_types, found_by_evidence

    events = record.get("events") or []
    if kind == "negative":
        return [0] * len(events)
    gold = doc["gold"]["events"]
    if kind == "type":
        types = set().union(*(allowed_types(g) for g in gold)) if gold else set()
        return [1 if e.get("type") in types else None for e in events]
    predicted = align_record(record, doc["text"])["events"]
    return found_by_evidence(gold, predicted)


def analyse(cache: Path | None) -> dict[str, list[dict[str, Any]]]:
    """Per set, per document: its split side, its domain features and its events' labels
    (sets already in the cache are not analysed again)."""
    out: dict[str, list[dict[str, Any]]] = {}
    if cache and (cache / "features.pkl").exists():
        with (cache / "features.pkl").open("rb") as handle:
            out = pickle.load(handle)
    missing = [name for name in [*SCORED, *POSITIVE_ONLY] if name not in out]
    if not missing:
        return out
    from tacitus.core.settings import Settings
    from tacitus.io.ingest import from_dict
    from tacitus.io.record import to_record
    from tacitus.pipeline import Pipeline
    from tacitus.stages.confidence import article_features

    pipeline = Pipeline(Settings()).load()
    for name in missing:
        docs = [json.loads(line) for line in (GOLD / name).open(encoding="utf-8")]
        rows = []
        for start in range(0, len(docs), 32):
            chunk = docs[start : start + 32]
            items = [
                from_dict({k: d[k] for k in ("id", "text", "published") if k in d}, f"gold:{n}")
                for n, d in enumerate(chunk, start)
            ]
            articles = pipeline.analyse_all(items, until="events")
            for doc, article in zip(chunk, articles, strict=True):
                width = article.doc.tensor.shape[1]
                record = to_record(article)
                kind = SCORED.get(name)
                rows.append(
                    {
                        "fit": fit_part(split_key(name, doc)) or kind is None,
                        "features": article_features(article, width),
                        "windows": windows(article, width),
                        # the events as coded (JSON-safe copies): their features are computed
                        # at fit time, so a new event feature needs no new analysis
                        "events": json.loads(json.dumps(article.events or [], default=str)),
                        "status": [e.get("status") for e in article.events or []],
                        "labels": _labels(kind, doc, record) if kind else [],
                        "words": len(doc["text"].split()),
                    }
                )
        out[name] = rows
        print(f"analysed {name}: {len(rows)} documents", file=sys.stderr, flush=True)
    if cache:
        cache.mkdir(parents=True, exist_ok=True)
        with (cache / "features.pkl").open("wb") as handle:
            pickle.dump(out, handle)
    return out


def _balanced(y: np.ndarray) -> np.ndarray:
    return np.where(y == 1, 0.5 * len(y) / y.sum(), 0.5 * len(y) / (len(y) - y.sum()))


def fit_domain(
    data: dict[str, list[dict[str, Any]]],
) -> tuple[Any, Any, dict[tuple[str, int], float]]:
    """The domain model on the fit part, and cross-fitted log-odds for its own articles."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedGroupKFold, cross_val_predict
    from sklearn.preprocessing import StandardScaler

    x, y, keys = [], [], []
    for name, rows in data.items():
        for n, row in enumerate(rows):
            if row["fit"]:
                label = 0 if name == "events-negative-bbc.jsonl" else 1
                for k, features in enumerate([row["features"], *row["windows"]]):
                    x.append(features)
                    y.append(label)
                    keys.append((name, n, k))
    xa, ya = np.array(x), np.array(y)
    scaler = StandardScaler().fit(xa)
    weights = _balanced(ya)
    model = LogisticRegression(C=0.01, max_iter=5000)
    model.fit(scaler.transform(xa), ya, sample_weight=weights)
    crossed = cross_val_predict(
        LogisticRegression(C=0.01, max_iter=5000),
        scaler.transform(xa),
        ya,
        # an article and its passages stay in one fold; folds mix the sets
        groups=[f"{name}:{n}" for name, n, _ in keys],
        cv=StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=0),
        method="decision_function",
        params={"sample_weight": weights},
    )
    articles = {
        (name, n): v for (name, n, k), v in zip(keys, crossed.tolist(), strict=True) if k == 0
    }
    return scaler, model, articles


def event_table(
    data: dict[str, list[dict[str, Any]]], logit: Any, crossed: dict[tuple[str, int], float]
) -> list[dict[str, Any]]:
    """One row per labelled event: set, side, document, its article's domain log-odds, its
    own features (`event_features`), label and status."""
    from tacitus.stages.confidence import event_features

    table = []
    for name in SCORED:
        for n, row in enumerate(data[name]):
            domain = crossed.get((name, n)) if row["fit"] else None
            if domain is None:
                domain = logit(row["features"])
            for k, label in enumerate(row["labels"]):
                if label is None:
                    continue
                table.append(
                    {
                        "set": name,
                        "fit": row["fit"],
                        "doc": n,
                        "domain": domain,
                        "event": event_features(row["events"][k]),
                        "y": label,
                        "status": row["status"][k],
                    }
                )
    return table


def stream(
    table: list[dict[str, Any]], data: dict[str, Any], fit: bool, p: np.ndarray, th: float
) -> tuple[float, float]:
    """BBC occurred events per 1,000 words and share of articles with one, on one side."""
    name = "events-negative-bbc.jsonl"
    rows = [r for r in data[name] if r["fit"] == fit]
    words = sum(r["words"] for r in rows)
    docs = set()
    count = 0
    for row, prob in zip(table, p, strict=True):
        if row["set"] == name and row["fit"] == fit and prob >= th and row["status"] == "occurred":
            count += 1
            docs.add(row["doc"])
    return 1000 * count / max(1, words), len(docs) / max(1, len(rows))


def reliability(
    p: np.ndarray, y: np.ndarray, bands: int = 5
) -> list[tuple[float, float, float, float, int]]:
    """Bands of equal count (fewer bands when one would hold under MIN_BAND events).

    Returns:
        Per band: lowest and highest confidence, mean confidence, share right, events.
    """
    bands = max(1, min(bands, len(p) // MIN_BAND))
    out = []
    for part in np.array_split(np.argsort(p), bands):
        out.append(
            (
                float(p[part].min()),
                float(p[part].max()),
                float(p[part].mean()),
                float(y[part].mean()),
                len(part),
            )
        )
    return out


def fit_model(
    data: dict[str, list[dict[str, Any]]],
) -> tuple[dict[str, Any], list[dict[str, Any]], np.ndarray]:
    """Fits the domain model and the calibration on the fit part and chooses the threshold.

    Returns:
        The model file's content, the event table and every event's probability.
    """
    from sklearn.linear_model import LogisticRegression

    from tacitus.stages.confidence import SHARES

    scaler, domain, crossed = fit_domain(data)

    def logit(features: np.ndarray) -> float:
        return float(domain.decision_function(scaler.transform(np.asarray(features)[None]))[0])

    table = event_table(data, logit, crossed)
    # the probability, not the log-odds: past "clearly political" a still higher score says
    # nothing more about the event
    x = np.array([[1.0 / (1.0 + np.exp(-r["domain"])), *r["event"]] for r in table])
    y = np.array([r["y"] for r in table])
    fit = np.array([r["fit"] for r in table])
    calibrated = np.array([r["set"] in CALIBRATED for r in table])
    calibration = LogisticRegression(C=1.0, max_iter=5000).fit(
        x[fit & calibrated], y[fit & calibrated]
    )
    p = calibration.predict_proba(x)[:, 1]
    grid = [round(t, 3) for t in np.arange(0.01, 0.6, 0.005)]
    threshold = next(
        t
        for t in grid
        if all(a <= b for a, b in zip(stream(table, data, True, p, t), STREAM_BAR, strict=True))
    )
    # raised up to the least confident right event of the fit part that it shows
    shown_right = p[fit & (y == 1) & (p >= threshold)]
    if shown_right.size:
        threshold = max(t for t in grid if t <= max(threshold, float(shown_right.min())))
    model = {
        "about": "tacitus event confidence: fitted by scripts/fit_confidence.py; numbers only",
        "fitted": datetime.date.today().isoformat(),
        "domain": {
            "tensor_width": int((len(scaler.mean_) - len(SHARES)) // 3),
            "mean": scaler.mean_.round(6).tolist(),
            "scale": scaler.scale_.round(6).tolist(),
            "coef": domain.coef_[0].round(6).tolist(),
            "intercept": round(float(domain.intercept_[0]), 6),
        },
        "calibration": {
            "coef": calibration.coef_[0].round(6).tolist(),
            "offset": round(float(calibration.intercept_[0]), 6),
        },
        "threshold": threshold,
    }
    return model, table, p


def shipped_model(
    data: dict[str, list[dict[str, Any]]],
) -> tuple[dict[str, Any], list[dict[str, Any]], np.ndarray]:
    """The shipped model (`tacitus.stages.confidence.load_model`), fitting nothing: every
    article's domain log-odds from it (the held-out part never trained it).

    Returns:
        The model's date and threshold, the event table and every event's probability.
    """
    from tacitus.core.resources import read_data
    from tacitus.stages.confidence import MODEL_PATH, load_model

    model = load_model()
    table = event_table(data, lambda features: model.domain_logit(np.asarray(features)), {})
    p = np.array([model.probability(r["domain"], r["event"]) for r in table])
    about = {"fitted": read_data(MODEL_PATH).get("fitted", "unknown"), "threshold": model.threshold}
    return about, table, p


def build_report(
    data: dict[str, list[dict[str, Any]]],
    table: list[dict[str, Any]],
    p: np.ndarray,
    model: dict[str, Any],
) -> dict[str, Any]:
    """The figures of `docs/confidence.md` for one model (its `fitted` date and `threshold`):
    the BBC stream on both sides, events kept per set and the reliability table, held out."""
    threshold = model["threshold"]
    y = np.array([r["y"] for r in table])
    held = ~np.array([r["fit"] for r in table])
    calibrated = np.array([r["set"] in CALIBRATED for r in table])
    report: dict[str, Any] = {
        "model_fitted": model["fitted"],
        "measured": datetime.date.today().isoformat(),
        "threshold": threshold,
        "stream_held_out": stream(table, data, False, p, threshold),
        "stream_fit": stream(table, data, True, p, threshold),
        "kept_held_out": {},
        "reliability_held_out": reliability(p[held & calibrated], y[held & calibrated]),
    }
    for name in SCORED:
        sel = held & np.array([r["set"] == name for r in table])
        report["kept_held_out"][name] = {
            "right_kept": int(((p >= threshold) & (y == 1) & sel).sum()),
            "right": int(((y == 1) & sel).sum()),
            "wrong_kept": int(((p >= threshold) & (y == 0) & sel).sum()),
            "wrong": int(((y == 0) & sel).sum()),
        }
    return report


def misses(report: dict[str, Any]) -> list[str]:
    """The held-out reliability bands whose share right is more than `RELIABILITY_BAR` from
    their mean confidence, each said in a line."""
    return [
        f"band {low:.3f} – {high:.3f} ({n} events): mean confidence {mean:.3f}, share right "
        f"{right:.3f}, off by {abs(mean - right):.3f} > {RELIABILITY_BAR}"
        for low, high, mean, right, n in report["reliability_held_out"]
        if abs(mean - right) > RELIABILITY_BAR
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, help="keep (and reuse) the analysed features here")
    parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
    parser.add_argument(
        "--check",
        action="store_true",
        help="fit nothing: measure the shipped model on the current coder, write only the docs",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help=f"write a refit even if a held-out reliability band misses by > {RELIABILITY_BAR}",
    )
    args = parser.parse_args()

    data = analyse(args.cache)
    model, table, p = (shipped_model if args.check else fit_model)(data)
    report = build_report(data, table, p, model)
    print(json.dumps(report, indent=1))
    missed = misses(report)
    which = "the shipped model" if args.check else "the refit"
    for line in missed:
        print(f"{which} misses the reliability bar in {line}", file=sys.stderr)
    if missed and not args.check and not args.force:
        print(
            "refused: the model and the docs are not written (--force writes them anyway)",
            file=sys.stderr,
        )
        return 1
    if args.dry_run:
        return 0
    if not args.check:
        MODEL.write_text(json.dumps(model, indent=1) + "\n", encoding="utf-8")
    write_docs(report)
    return 0


def write_docs(report: dict[str, Any]) -> None:
    """The reliability table and the held-out figures, in `docs/confidence.md`."""
    lines = [
        "# Event confidence",
        "",
        "`confidence` on every event is the measured probability that the event is right.",
        "How it is made: `tacitus.stages.confidence`; refit with",
        "`python scripts/fit_confidence.py`.",
        "",
        f"The figures below measure the model fitted on {report['model_fitted']}; measured on",
        f"{report['measured']}. After the coder changes,",
        "`python scripts/fit_confidence.py --check` measures the shipped model again, on the",
        "same held-out part, without refitting (it rewrites this page, not the model). A refit",
        "whose held-out reliability table misses the bar (in a band, the share right more than",
        f"{RELIABILITY_BAR} from the mean confidence) is not written.",
        "",
        f"Default threshold: **{report['threshold']}**. `extract` keeps every event with its",
        "confidence; `evaluate`, `tacitus events`, `tacitus export` and the explorer hide events",
        "below the threshold by default; `--min-confidence` changes it (0 shows everything).",
        "",
        "## What it is fitted on",
        "",
        "- The domain model (political, conflict, general or local news against sport,",
        "  entertainment and technology): PolNeAR train, re3d, TBAQ and LGL whole, and the fit",
        "  part of events-news-dev, events-wikievents-dev and events-plover-gsr, against the fit",
        "  part of events-negative-bbc; each article and its first three passages of at least",
        f"  {WINDOW_TOKENS} tokens (a short text is judged like the passages it resembles).",
        "  Inputs: spaCy's token vectors pooled three ways (mean, mean over content words,",
        "  maximum), ten shares of the article's annotations and the share of its content",
        "  words in the vocabulary of each of three beats (`lexicons/en/topics.tsv`: sport,",
        "  entertainment, technology; written by hand, its weights fitted here). No",
        "  vocabulary taken from the evaluation texts.",
        "- The calibration: the fit part's events of events-news-dev and events-wikievents-dev",
        "  (right when found by evidence) and of events-negative-bbc (all wrong), on the domain",
        "  probability (cross-fitted: never the model that saw the article) and the event's",
        "  own features: a state or armed participant, an actor, a coded actor, a noun event,",
        "  the status occurred.",
        f"- The split: {FIT_SHARE * 10} % fit, the rest held out, by a hash of the normalised",
        "  headline for events-negative-bbc (near-duplicates stay on one side) and of the",
        "  document id for the other sets. Every figure below is on the held-out part.",
        "- The threshold: the lowest (in steps of 0.005) at which the fit part of",
        f"  events-negative-bbc has at most {STREAM_BAR[0]} occurred events per 1,000 words and",
        f"  at most {STREAM_BAR[1]:.0%} of its articles with one, then raised (same steps) up to",
        "  the least confident right event of the fit part it shows: raising it further",
        "  would hide a right event there, raising it that far hides none.",
        "",
        "## Reliability on the held-out part",
        "",
        "Events of the held-out part of events-news-dev, events-wikievents-dev (right: found by",
        "evidence) and events-negative-bbc (all wrong), in bands of equal count:",
        "",
        "| confidence band | events | mean confidence | share right |",
        "| --- | --- | --- | --- |",
    ]
    for low, high, mean, right, n in report["reliability_held_out"]:
        lines.append(f"| {low:.3f} – {high:.3f} | {n} | {mean:.3f} | {right:.3f} |")
    rate, share = report["stream_held_out"]
    lines += [
        "",
        "## The stream at the default threshold (held-out part of events-negative-bbc)",
        "",
        f"{rate:.2f} occurred events per 1,000 words; {100 * share:.1f} % of articles with one.",
        "",
        "## Right and wrong events kept at the default threshold (held-out parts)",
        "",
        "| set | right kept | wrong kept |",
        "| --- | --- | --- |",
    ]
    for name, k in report["kept_held_out"].items():
        lines.append(
            f"| {name} | {k['right_kept']} of {k['right']} | {k['wrong_kept']} of {k['wrong']} |"
        )
    lines += [
        "",
        "## Known limits",
        "",
        "- The model judges the whole article, from the parse's token vectors, the article's",
        "  annotations and the words of each beat. A short paragraph that names countries and",
        "  uses the verbs of war (a match between two national teams) reads more like news than",
        "  a whole report of the match does: the sport paragraph of `tests/test_confidence.py`",
        "  is hidden by the threshold, though its one event (no participant named) scores",
        "  higher than most events of whole sport reports. Scoring each event's passage, or the",
        "  words of the beat in its own sentence, was measured and not kept: neither separated",
        "  right from wrong events better.",
        "- Deaths and injuries with no perpetrator become `incidents` (no PLOVER type) when the",
        "  text names the disaster or accident as the cause, says the harm was accidental, or",
        '  tells it in a clause of a thing failing by itself ("killed when a boiler exploded";',
        "  `lexicons/en/event_words.tsv`: `non_agent`, `accidental`, `mishap`); otherwise they",
        "  stay ASSAULT events with no actor, and only the article's domain lowers them.",
    ]
    DOCS.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
