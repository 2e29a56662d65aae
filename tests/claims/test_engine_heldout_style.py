"""The engine on documents written here in the style of the kinds it will meet.

`heldout_style/` holds documents written for this project in the manner of news agency reports,
UN casualty and flash updates, ombudsman statements, mine action reports and ICRC statements,
none copied from a real text (documents 01-43 are short and their figures invented; 44-91 are
longer, carry the numbers that are not claims as real reports do, and approximate real
figures), and `gold.json` annotating them per the claims contract. The
score is computed here the way the shared grader computes it: a predicted claim matches a gold
claim of the same document with the same measure, subject, unit and value, each gold claim
matched at most once.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from ombuds.claims.engine import extract

FOLDER = Path(__file__).parent / "heldout_style"
# Measured on this set (contract v2, 131 documents): precision 0.945, F1 0.943, full F1 0.827,
# parent agreement 0.831 (docs/claims.md). Each batch was scored blind before the rules were
# fixed on it, so this guards against regressions; it is not an estimate of the score on
# documents the rules have not seen (docs/claims.md gives those).
MIN_F1 = 0.94
MIN_PRECISION = 0.94
MIN_PARENT_AGREEMENT = 0.82
MIN_FULL_F1 = 0.80


def _key(claim: dict[str, Any]) -> tuple[str, str, str, float]:
    return (claim["measure"], claim["subject"], claim.get("unit") or "count", float(claim["value"]))


def score(gold: dict[str, Any], predicted: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """Precision, recall, F1 and field agreement of `predicted` (per document) against `gold`."""
    tp = fp = fn = full = 0
    agree: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    missed: list[str] = []
    extra: list[str] = []
    for name, doc in gold.items():
        pred = predicted.get(name, [])
        free = list(range(len(pred)))
        match: dict[int, int] = {}
        for gc in doc["claims"]:
            for i in free:
                if _key(pred[i]) == _key(gc):
                    match[gc["id"]] = i
                    free.remove(i)
                    break
            else:
                missed.append(f"{name}: {_key(gc)}")
        tp += len(match)
        fn += len(doc["claims"]) - len(match)
        fp += len(free)
        extra += [f"{name}: {_key(pred[i])} {pred[i]['quote'][:60]!r}" for i in free]
        pred_id = {gid: pred[i]["id"] for gid, i in match.items()}
        for gc in doc["claims"]:
            if gc["id"] not in match:
                continue
            pc = pred[match[gc["id"]]]
            whole = True  # parent and period agree too: the figure a ledger can use
            for field in ("qualifier", "cause", "period_start", "period_end"):
                if gc.get(field) is not None:
                    agree[field][1] += 1
                    agree[field][0] += pc.get(field) == gc[field]
                    if field.startswith("period"):
                        whole = whole and pc.get(field) == gc[field]
            if gc.get("parent") is not None or pc.get("parent") is not None:
                want = pred_id.get(gc["parent"]) if gc.get("parent") is not None else None
                ok = want is not None and pc.get("parent") == want
                agree["parent"][1] += 1
                agree["parent"][0] += ok
                whole = whole and ok
            full += whole
    for name, rest in predicted.items():
        if name not in gold:
            fp += len(rest)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    full_p = full / (tp + fp) if tp + fp else 0.0
    full_r = full / (tp + fn) if tp + fn else 0.0
    full_f1 = 2 * full_p * full_r / (full_p + full_r) if full_p + full_r else 0.0
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "full_f1": full_f1,
        "agreement": {f: a / n for f, (a, n) in agree.items() if n},
        "missed": missed,
        "extra": extra,
    }


def run() -> dict[str, Any]:
    gold = json.loads((FOLDER / "gold.json").read_text())
    predicted: dict[str, list[dict[str, Any]]] = {}
    for name, doc in gold.items():
        path = FOLDER / name
        text = path.read_text(errors="replace")
        claims = extract(text, published=dt.date.fromisoformat(doc["published"]))
        predicted[name] = [c.to_json(str(path)) for c in claims]
        for c in claims:
            assert text[c.span[0] : c.span[1]] == c.quote
    return score(gold, predicted)


def test_every_gold_document_exists_and_is_annotated() -> None:
    gold = json.loads((FOLDER / "gold.json").read_text())
    assert len(gold) >= 10
    for name, doc in gold.items():
        assert (FOLDER / name).is_file(), name
        assert doc["claims"], name
        ids = [c["id"] for c in doc["claims"]]
        assert ids == list(range(1, len(ids) + 1)), name
        # contract v2: a parent always has a smaller id
        assert all(c["parent"] is None or c["parent"] < c["id"] for c in doc["claims"]), name


def test_the_scorer_fails_a_wrong_prediction() -> None:
    gold = {"a.txt": {"claims": [{"id": 1, "measure": "killed", "subject": "people",
                                  "unit": "count", "value": 5, "parent": None}]}}  # fmt: skip
    wrong = {"a.txt": [{"id": 1, "measure": "injured", "subject": "people", "unit": "count",
                        "value": 5, "quote": "", "parent": None}]}  # fmt: skip
    result = score(gold, wrong)
    assert (result["tp"], result["fp"], result["fn"], result["f1"]) == (0, 1, 1, 0.0)


def test_heldout_style_f1() -> None:
    result = run()
    report = "\n".join(["missed:", *result["missed"], "extra:", *result["extra"]])
    assert result["precision"] >= MIN_PRECISION, report
    assert result["f1"] >= MIN_F1, report
    assert result["agreement"].get("parent", 1.0) >= MIN_PARENT_AGREEMENT, report
    assert result["full_f1"] >= MIN_FULL_F1, report


if __name__ == "__main__":
    outcome = run()
    for line in outcome["missed"]:
        print("missed", line)
    for line in outcome["extra"]:
        print("extra ", line)
    print({k: outcome[k] for k in ("tp", "fp", "fn", "precision", "recall", "f1")})
    print({k: round(v, 3) for k, v in outcome["agreement"].items()})
