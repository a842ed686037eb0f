"""The readable report of `tacitus evaluate`: one table per gold file and capability.

Turns the JSON-serialisable result of `evaluation.evaluate.evaluate_files` (or of `score_file`
wrapped as `{"files": [...]}`) into text: the figures of every capability, the events by
evidence and on the news stream (`tacitus.evaluation.events`), and speaker-name accuracy.
Reads and adds nothing.
"""

from __future__ import annotations

from typing import Any

from tacitus.evaluation.events import FOUND_FIELDS


def _num(value: Any) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _prf_text(figures: dict[str, Any]) -> str:
    return f"P {_num(figures['p'])}  R {_num(figures['r'])}  F1 {_num(figures['f1'])}"


def _by_evidence_lines(s: dict[str, Any] | None) -> list[tuple[str, str]]:
    if s is None:
        return []
    return [
        (
            "by evidence",
            f"{_prf_text(s)}  gold {s['gold']} (+{s['excused']} excused) pred {s['pred']}",
        ),
        *(
            (
                f"  found: {field.replace('_', ' ')}",
                f"{_num(s[f'{field}_accuracy'])}  of {s[f'{field}_scored']} found"
                f" with a gold value ({s[f'{field}_gold']} in the gold)",
            )
            for field in FOUND_FIELDS
        ),
    ]


def _report_lines(capability: str, s: dict[str, Any]) -> list[tuple[str, str]]:
    if capability == "entities":
        return [
            ("exact span", _prf_text(s["exact"])),
            ("overlapping span", _prf_text(s["overlap"])),
            ("overlap, any type", _prf_text(s["untyped_overlap"])),
            *(
                (f"  {k} (overlap)", f"{_prf_text(v)}  gold {v['gold']} pred {v['pred']}")
                for k, v in s["by_type"].items()
            ),
        ]
    if capability == "places":
        return [
            (
                "accuracy@161km",
                f"{_num(s['acc_161km'])}  of {s['with_coords']} with coordinates"
                f"  ({_num(s['acc_161km_detected'])} of those detected)",
            ),
            ("GeoNames id accuracy", f"{_num(s['id_accuracy'])}  of {s['with_id']} with an id"),
            ("detection (overlap)", _prf_text(s["detection"])),
        ]
    if capability == "times":
        return [
            ("detection, strict", _prf_text(s["strict"])),
            ("detection, overlap", _prf_text(s["overlap"])),
            ("value accuracy", f"{_num(s['value_accuracy'])}  (type {_num(s['type_accuracy'])})"),
            ("value F1", _num(s["value_f1"])),
        ]
    if capability == "quotes":
        return [
            (
                "found at 30 %",
                f"{_prf_text(s['at30'])}  direct R {_num(s['at30']['direct_recall'])}",
            ),
            (
                "found at 80 %",
                f"{_prf_text(s['at80'])}  direct R {_num(s['at80']['direct_recall'])}",
            ),
            ("speaker accuracy", f"{_num(s['speaker_accuracy'])}  (found at 30 %)"),
            (
                "speaker name accuracy",
                f"{_num(s['speaker_name_accuracy'])}  of {s['named']} found with a gold speaker",
            ),
        ]
    return [
        *_by_evidence_lines(s["by_evidence"]),
        (
            "occurred / 1,000 words",
            f"{_num(s['stream']['occurred_per_1000_words'])}  articles with one "
            f"{_num(s['stream']['docs_with_occurred'])}  (lower is better off politics)",
        ),
        ("type (doc, type)", _prf_text(s)),
        (
            "actor country / sector",
            f"{_num(s['actor_country_accuracy'])} / {_num(s['actor_sector_accuracy'])}",
        ),
        (
            "recipient country / sector",
            f"{_num(s['recipient_country_accuracy'])} / {_num(s['recipient_sector_accuracy'])}",
        ),
        ("date accuracy", f"{_num(s['date_accuracy'])}  of {s['dated']} gold events with a date"),
        (
            "status accuracy",
            f"{_num(s['status_accuracy'])}  not-occurred kept "
            f"{_num(s['not_occurred_kept'])} of {s['not_occurred']}",
        ),
        *(
            (f"  {k}", f"{_prf_text(v)}  gold {v['gold']} pred {v['pred']}")
            for k, v in s["by_type"].items()
        ),
        *_threshold_lines(s.get("at_thresholds") or {}),
    ]


def _threshold_lines(at: dict[str, Any]) -> list[tuple[str, str]]:
    """Type P/R/F1, by evidence P/R/F1 and the stream at other confidence thresholds."""
    lines = []
    for threshold, f in at.items():
        parts = [f"type {_prf_text(f['type'])}"]
        if f.get("by_evidence"):
            parts.append(f"by evidence {_prf_text(f['by_evidence'])}")
        parts.append(f"occurred / 1,000 words {_num(f['stream']['occurred_per_1000_words'])}")
        lines.append((f"at confidence >= {threshold}", "  ".join(parts)))
    return lines


def _counts_text(capability: str, s: dict[str, Any]) -> str:
    if capability == "quotes":
        return f"gold {s['gold']} (speech {s['speech']}, direct {s['direct']}), pred {s['pred']}"
    if capability == "events":
        return f"gold (doc, type) {s['gold']} (+{s['excused']} optional), pred {s['pred']}"
    return f"gold {s['gold']}, pred {s['pred']}"


def format_report(result: dict[str, Any]) -> str:
    """A readable table per gold file and per capability of `evaluate_files`' result.

    Args:
        result: `{"files": [{"name", "documents", "failed"[, "seconds"], "scores"}]}`.

    Returns:
        The report, one block per file, without a trailing newline.
    """
    out = []
    for f in result["files"]:
        out.append(
            f"{f['name']}: {f['documents']} documents, {f['failed']} failed"
            + (f", {f['seconds']} s" if "seconds" in f else "")
            + (
                f", events below confidence {f['min_confidence']} hidden"
                if f.get("min_confidence")
                else ""
            )
        )
        for capability, scores in f["scores"].items():
            out.append(f"  {capability}  [{_counts_text(capability, scores)}]")
            for label, value in _report_lines(capability, scores):
                out.append(f"    {label:<28}{value}")
        out.append("")
    return "\n".join(out).rstrip()
