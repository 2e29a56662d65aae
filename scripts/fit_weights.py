"""`make fit-weights`: refit the breakdown weights (engine/weights.py) on the annotated documents.

An averaged structured perceptron. For every paragraph of every annotated document it finds
the assignment of totals the engine chooses with the current weights and the one the gold
annotation gives (each number given the option whose total is its gold parent, the numbers
before it fixed to their gold choices), and moves the weights towards the features of the gold
assignment and away from those of the chosen one. The averaged weights are written back to
engine/weights.py, rounded, for review in the diff; the script prints the parent agreement of
the project set before and after. Not run in CI.

    uv run python scripts/fit_weights.py [--epochs N] [--dry-run]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ombuds.claims.engine import extract, structure  # noqa: E402
from ombuds.claims.engine.evidence import Node  # noqa: E402
from ombuds.claims.engine.language import Markers  # noqa: E402
from ombuds.claims.engine.weights import WEIGHTS  # noqa: E402

WEIGHTS_FILE = ROOT / "src" / "ombuds" / "claims" / "engine" / "weights.py"
SET = ROOT / "tests" / "claims" / "heldout_style"

Key = tuple[str, str, str, float]
Paragraph = tuple[str, list[Node], list[Node], Markers]


def _key(c: dict[str, Any]) -> Key:
    return (c["measure"], c["subject"], c.get("unit") or "count", float(c["value"]))


def documents() -> Iterator[tuple[str, dt.date, list[dict[str, Any]]]]:
    sets = [(SET / "gold.json", SET)]
    shared = Path(os.environ.get("OMBUDS_SHARED") or ROOT.parent / "shared")
    if (shared / "claims" / "dev-gold.json").is_file():
        sets.append((shared / "claims" / "dev-gold.json", shared / "seeds"))
    for gold_path, folder in sets:
        for name, doc in json.loads(gold_path.read_text()).items():
            text = (folder / name).read_text(errors="replace")
            yield text, dt.date.fromisoformat(doc["published"]), doc["claims"]


def paragraphs(text: str, published: dt.date) -> list[Paragraph]:
    """The paragraphs the breakdown layer decides for a document, as it sees them."""
    seen: list[Paragraph] = []
    decide = structure._decide_paragraph

    def capture(text: str, nodes: list[Node], external: list[Node], *rest: Any) -> Any:
        seen.append((text, nodes, external, rest[-1]))
        return decide(text, nodes, external, *rest)

    structure._decide_paragraph = capture  # type: ignore[assignment]
    try:
        extract(text, published=published)
    finally:
        structure._decide_paragraph = decide  # type: ignore[assignment]
    return seen


def node_keys(node: Node, options: list[structure.Option]) -> set[Key]:
    unit, value = node.mention.unit, float(node.mention.value)
    keys = {(o.measure, o.subject, unit, value) for o in options if o.measure and o.subject}
    if node.draft is not None:
        keys.add((node.draft.measure, node.draft.subject, unit, value))
    return {k for k in keys if k[0] and k[1]}  # type: ignore[misc]


def gold_choices(
    paragraph: Paragraph, gold: list[dict[str, Any]]
) -> tuple[structure.Option, ...] | None:
    """The gold assignment of a paragraph, or None when a gold choice is not reachable."""
    text, nodes, external, words = paragraph
    by_key: dict[Key, list[dict[str, Any]]] = defaultdict(list)
    for c in gold:
        by_key[_key(c)].append(c)
    by_id = {c["id"]: c for c in gold}
    choices: list[structure.Option] = []
    for node in nodes:
        options = structure.options_of(text, node, nodes, external, tuple(choices), words)
        claims = [c for k in node_keys(node, options) for c in by_key.get(k, [])]
        if not claims:
            choices.append(options[0])  # no gold claim: not a claim, or not a part
            continue
        parent = by_id.get(claims[0].get("parent") or -1)
        wanted = None
        if parent is not None:
            for option in options[1:]:
                if option.total is None:
                    continue
                total = external[-option.total - 1] if option.total < 0 else nodes[option.total]
                if float(total.mention.value) == float(parent["value"]):
                    wanted = option
                    break
            if wanted is None:
                return None
        else:
            wanted = next(
                (o for o in options if o.total is None and (o.measure or node.draft is not None)),
                options[0],
            )
        choices.append(wanted)
    return tuple(choices)


def features(paragraph: Paragraph, choices: tuple[structure.Option, ...]) -> dict[str, float]:
    _, nodes, external, _ = paragraph
    phi: dict[str, float] = defaultdict(float)
    for option in choices:
        for name, value in option.phi:
            phi[name] += value
    for name, value in structure.arithmetic(nodes, external, choices).items():
        phi[name] += value
    return phi


def agreement(docs: list[tuple[str, dt.date, list[dict[str, Any]]]]) -> float:
    right = graded = 0
    for text, published, gold in docs:
        pred = [c.to_json("") for c in extract(text, published=published)]
        free = list(range(len(pred)))
        match: dict[int, int] = {}
        for gc in gold:
            for i in free:
                if _key(pred[i]) == _key(gc):
                    match[gc["id"]] = i
                    free.remove(i)
                    break
        for gc in gold:
            if gc["id"] not in match:
                continue
            pc = pred[match[gc["id"]]]
            if gc.get("parent") is None and pc.get("parent") is None:
                continue
            graded += 1
            want = match.get(gc["parent"]) if gc.get("parent") is not None else None
            right += want is not None and pc.get("parent") == pred[want]["id"]
    return right / graded if graded else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--dry-run", action="store_true", help="print, do not write the file")
    args = parser.parse_args()
    docs = list(documents())
    before = agreement(docs)
    start = dict(WEIGHTS)
    total: dict[str, float] = defaultdict(float)
    steps = 0
    for epoch in range(args.epochs):
        updates = 0
        for text, published, gold in docs:
            for paragraph in paragraphs(text, published):
                want = gold_choices(paragraph, gold)
                if want is None:
                    continue
                got = structure.search(paragraph[0], paragraph[1], paragraph[2], paragraph[3])[0]
                if got.choices != want:
                    updates += 1
                    good, bad = features(paragraph, want), features(paragraph, got.choices)
                    for name in set(good) | set(bad):
                        if name in WEIGHTS:
                            WEIGHTS[name] += 0.1 * (good.get(name, 0.0) - bad.get(name, 0.0))
                steps += 1
                for name, value in WEIGHTS.items():
                    total[name] += value
        print(f"epoch {epoch + 1}: {updates} paragraphs corrected")
    for name in WEIGHTS:
        WEIGHTS[name] = round(total[name] / steps, 2) if steps else start[name]
    after = agreement(docs)
    print(f"parent agreement on the annotated documents: {before:.3f} before, {after:.3f} after")
    for name in WEIGHTS:
        if WEIGHTS[name] != start[name]:
            print(f"  {name}: {start[name]} -> {WEIGHTS[name]}")
    if not args.dry_run:
        write(WEIGHTS)
        print(f"wrote {WEIGHTS_FILE.relative_to(ROOT)}; review the diff")
    return 0


def write(weights: dict[str, float]) -> None:
    lines = WEIGHTS_FILE.read_text().splitlines(keepends=True)
    out = []
    for line in lines:
        stripped = line.strip()
        name = stripped.split(":", 1)[0].strip('"') if stripped.startswith('"') else None
        if name in weights:
            comment = line[line.index("#") :] if "#" in line else "\n"
            out.append(f'    "{name}": {weights[name]},  {comment}'.rstrip() + "\n")
        else:
            out.append(line)
    WEIGHTS_FILE.write_text("".join(out))


if __name__ == "__main__":
    sys.exit(main())
