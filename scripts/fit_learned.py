"""`make fit-learned`: fit the weights of the learned layer (engine/learned_weights.py).

    uv run python scripts/fit_learned.py [--set GOLD.json FOLDER]... [--project] [--cv]
        [--epochs N] [--l2 X] [--out FILE] [--dry-run]

A set is a gold file (document name -> {"published", "claims"}) and the folder holding its texts;
the texts are read from there and never copied. `--project` adds the project's own set
(tests/claims/heldout_style). For every number of every document the layer builds its options
(`learned.choices`); the options whose (measure, subject, unit, value) is a gold claim of the
document are the right ones ("no claim" when none is), after the gold claims the rules already
found at other numbers are set aside. The model is conditional log-linear: the probability of
an option is softmax of its score, and the fit maximises the log of the probability of the right
options, with an L2 penalty, by AdaGrad over the numbers in a fixed order (deterministic).

`--cv` measures instead of writing: for each set it fits on the others and scores the set with
and without the layer (the shared scorer), then prints every set and the figures of all sets
pooled. Without `--cv` the weights are written to engine/learned_weights.py (or `--out`),
keeping its ENABLED line; review the diff. Not run in CI.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import math
import os
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ombuds.claims.engine import extract, learned, learned_weights  # noqa: E402
from ombuds.claims.engine.extraction import read_document  # noqa: E402

WEIGHTS_FILE = ROOT / "src" / "ombuds" / "claims" / "engine" / "learned_weights.py"
PROJECT = ROOT / "tests" / "claims" / "heldout_style"

Key = tuple[str, str, str, float]


@dataclass
class Doc:
    name: str
    path: Path
    published: dt.date | None
    gold: dict[str, Any]
    examples: list[tuple[list[list[str]], list[int]]]  # options' features, the right options


def _key(c: dict[str, Any]) -> Key:
    return (c["measure"], c["subject"], c.get("unit") or "count", float(c["value"]))


def examples(text: str, published: dt.date | None, claims: list[dict[str, Any]]) -> list[Any]:
    """Every number's options and which of them are right, by the gold claims of its document."""
    read = read_document(text, published=published)
    if read is None:
        return []
    drafts, doc, tabled = read
    choices = learned.choices(doc, drafts)
    wanted = Counter(_key(c) for c in claims)
    for f in tabled:  # table figures are claims either way: their gold is not the layer's
        k = (f.measure, f.subject, f.mention.unit, float(f.mention.value))
        if wanted[k]:
            wanted[k] -= 1

    def key(option: learned.Option, c: learned.Choice) -> Key | None:
        if option.measure is None or option.subject is None:
            return None
        return (option.measure, option.subject, c.mention.unit, float(c.mention.value))

    # the gold claims the rules found are theirs: other numbers of the same value are no claim
    settled = set()
    for n, c in enumerate(choices):
        k = key(c.options[c.engine], c)
        if k is not None and wanted[k] > 0:
            wanted[k] -= 1
            settled.add(n)
    out = []
    for n, c in enumerate(choices):
        if n in settled:
            right = [c.engine]
        else:
            right = [j for j, o in enumerate(c.options) if (k := key(o, c)) and wanted[k] > 0]
            right = right or [0]
        out.append(([list(o.features) for o in c.options], right))
    return out


def load(sets: list[tuple[Path, Path]]) -> dict[str, list[Doc]]:
    out: dict[str, list[Doc]] = {}
    for gold_path, folder in sets:
        docs = []
        for name, g in json.loads(gold_path.read_text()).items():
            path = folder / name
            if not path.is_file():
                continue
            pub = dt.date.fromisoformat(g["published"]) if g.get("published") else None
            text = path.read_text(errors="replace")
            docs.append(Doc(name, path, pub, g, examples(text, pub, g["claims"])))
        out[str(gold_path)] = docs
    return out


def fit(docs: list[Doc], epochs: int, l2: float) -> dict[str, float]:
    """AdaGrad on the negative log-likelihood of the right options, with an L2 penalty."""
    w: dict[str, float] = {}
    g2: dict[str, float] = {}
    rate = 0.3
    data = [e for d in docs for e in d.examples if len(e[0]) > 1]
    n = max(1, len(data))
    for _ in range(epochs):
        for options, right in data:
            scores = [sum(w.get(f, 0.0) for f in feats) for feats in options]
            peak = max(scores)
            exps = [math.exp(s - peak) for s in scores]
            total = sum(exps)
            good = sum(exps[j] for j in right)
            grad: dict[str, float] = {}
            for j, feats in enumerate(options):
                # d(-log p(right))/d score_j = p_j - p_j|right
                g = exps[j] / total - (exps[j] / good if j in right else 0.0)
                if g:
                    for f in feats:
                        grad[f] = grad.get(f, 0.0) + g
            for f, g in grad.items():
                g += l2 * w.get(f, 0.0) / n
                g2[f] = g2.get(f, 0.0) + g * g
                w[f] = w.get(f, 0.0) - rate * g / math.sqrt(g2[f] + 1e-8)
    return {f: round(v, 3) for f, v in sorted(w.items()) if abs(v) >= 0.005}


def scored(docs: list[Doc], weights: dict[str, float] | None) -> dict[str, Any]:
    spec = importlib.util.spec_from_file_location("claims_score", SCORER)
    assert spec
    assert spec.loader
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    saved = learned_weights.WEIGHTS
    if weights is not None:
        learned_weights.WEIGHTS = weights
    try:
        preds = []
        for d in docs:
            text = d.path.read_text(errors="replace")
            claims = extract(text, published=d.published, learned=weights is not None)
            preds += [c.to_json(str(d.path)) for c in claims]
    finally:
        learned_weights.WEIGHTS = saved
    return scorer.score({d.name: d.gold for d in docs}, preds)


def write(weights: dict[str, float], out: Path) -> None:
    source = WEIGHTS_FILE.read_text()
    enabled = re.search(r"^ENABLED = (True|False)$", source, re.MULTILINE)
    head = source[: source.index("WEIGHTS: dict")]
    if enabled is None:
        head += "ENABLED = False\n\n"
    lines = [head + "WEIGHTS: dict[str, float] = {"]
    lines += [f"    {f!r}: {v},".replace("'", '"') for f, v in weights.items()]
    lines.append("}\n")
    out.write_text("\n".join(lines))


def _line(name: str, r: dict[str, Any]) -> str:
    return (
        f"{name:28s} P {r['precision']:.3f} R {r['recall']:.3f} F1 {r['f1']:.3f}"
        f"  full F1 {r['full']['f1']:.3f}  (tp {r['tp']} fp {r['fp']} fn {r['fn']})"
    )


SCORER = Path(os.environ.get("OMBUDS_SHARED") or ROOT.parent / "shared") / "claims" / "score.py"


def main() -> None:
    global SCORER
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", nargs=2, action="append", default=[], metavar=("GOLD", "DIR"))
    parser.add_argument("--project", action="store_true", help="add tests/claims/heldout_style")
    parser.add_argument("--cv", action="store_true", help="leave-one-set-out figures only")
    parser.add_argument("--epochs", type=int, default=10)
    parser.add_argument("--l2", type=float, default=3.0)
    parser.add_argument("--out", type=Path, default=WEIGHTS_FILE)
    parser.add_argument("--scorer", type=Path, default=SCORER)
    parser.add_argument("--dry-run", action="store_true", help="print the weights, write none")
    args = parser.parse_args()
    SCORER = args.scorer
    sets = [(Path(g), Path(d)) for g, d in args.set]
    if args.project:
        sets.append((PROJECT / "gold.json", PROJECT))
    if not sets:
        parser.error("no set: give --set GOLD DIR or --project")
    data = load(sets)
    for name, docs in data.items():
        print(
            f"{Path(name).name}: {len(docs)} documents, {sum(len(d.examples) for d in docs)} numbers"
        )
    if args.cv:
        cross_validate(data, args)
        return
    weights = fit([d for docs in data.values() for d in docs], args.epochs, args.l2)
    if args.dry_run:
        print(json.dumps(weights, indent=1))
        return
    write(weights, args.out)
    print(f"wrote {len(weights)} weights to {args.out}")


def cross_validate(data: dict[str, list[Doc]], args: argparse.Namespace) -> None:
    before_all: list[Doc] = []
    preds_rules, preds_layer = [], []
    held = [name for name in data if Path(name).parent != PROJECT]
    for name in held:
        train = [d for other, docs in data.items() if other != name for d in docs]
        weights = fit(train, args.epochs, args.l2)
        docs = data[name]
        rules, layer = scored(docs, None), scored(docs, weights)
        print(_line(Path(name).name + " rules", rules))
        print(_line(Path(name).name + " layer", layer))
        before_all += docs
        preds_rules.append(rules)
        preds_layer.append(layer)
    for label, results in (("all sets, rules", preds_rules), ("all sets, layer", preds_layer)):
        tp = sum(r["tp"] for r in results)
        fp = sum(r["fp"] for r in results)
        fn = sum(r["fn"] for r in results)
        full = sum(r["full"]["matched"] for r in results)
        p, r_ = tp / max(1, tp + fp), tp / max(1, tp + fn)
        fp_, fr = full / max(1, tp + fp), full / max(1, tp + fn)
        pooled = {
            "precision": p,
            "recall": r_,
            "f1": 2 * p * r_ / max(1e-9, p + r_),
            "full": {"f1": 2 * fp_ * fr / max(1e-9, fp_ + fr)},
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
        print(_line(label, pooled))


if __name__ == "__main__":
    main()
