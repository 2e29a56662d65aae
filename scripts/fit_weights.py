"""`make fit-weights`: refit the breakdown weights (engine/weights.py) on the annotated documents.

An averaged structured perceptron. For every paragraph of every annotated document it finds
the assignment of totals the engine chooses with the current weights and the one the gold
annotation gives (each number given the option whose total is its gold parent, the numbers
before it fixed to their gold choices), and moves the weights towards the features of the gold
assignment and away from those of the chosen one. The paragraphs are read once, with the
weights the run starts from; the epochs then only search them again. The averaged weights are
written back to engine/weights.py, rounded, for review in the diff; the script prints the
parent agreement of the annotated documents before and after. Not run in CI.

The annotated documents are the project set, the seeds' dev gold, and with `--real GOLD_DIR
--texts TEXT_DIR` the sets of annotated public pages: every GOLD_DIR/*.json whose name ends in a
set's letters ("2026-12-07a.json" is set a) maps file names to documents, whose texts are read
from TEXT_DIR/<set>/<name>; a document whose text is missing is left out (the pages belong to
others and are never committed). `--sets` keeps only the sets named. `--cv` fits nothing: for
each set in turn it fits on the others (and the project set and the seeds) and scores the set
left out with the fitted weights and with the weights in the file, by parent agreement and by
the shared scorer's full F1 (parent and period right too).

    uv run python scripts/fit_weights.py [--epochs N] [--rate R] [--no-average] [--dry-run]
        [--real docs/real-pages --texts /path/to/texts [--sets abc]] [--cv]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import random
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
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
SET_OF_GOLD = re.compile(r"(?<=\d)(?P<set>[a-z]+)$")  # "2026-12-07a" is set a

Key = tuple[str, str, str, float]
Paragraph = tuple[str, list[Node], list[Node], Markers]


@dataclass
class Document:
    name: str
    group: str  # "project", "seeds", or the letters of a set of real pages
    text: str
    published: dt.date | None
    gold: list[dict[str, Any]]
    path: Path
    paragraphs: list[Paragraph] = field(default_factory=list)  # those the gold can grade


def _key(c: dict[str, Any]) -> Key:
    return (c["measure"], c["subject"], c.get("unit") or "count", float(c["value"]))


def shared_folder() -> Path:
    return Path(os.environ.get("OMBUDS_SHARED") or ROOT.parent / "shared")


def documents(
    real: Path | None = None, texts: Path | None = None, sets: str | None = None
) -> list[Document]:
    """The annotated documents: the project set, the seeds, and the sets of real pages whose
    texts are at hand (a set not in `sets` is not read at all)."""
    sources = [(SET / "gold.json", SET, "project")]
    shared = shared_folder()
    if (shared / "claims" / "dev-gold.json").is_file():
        sources.append((shared / "claims" / "dev-gold.json", shared / "seeds", "seeds"))
    if real is not None and texts is not None:
        for gold_path in sorted(real.glob("*.json")):
            found = SET_OF_GOLD.search(gold_path.stem)
            if found is None or (sets is not None and found["set"] not in sets):
                continue
            sources.append((gold_path, texts / found["set"], found["set"]))
    docs = []
    for gold_path, folder, group in sources:
        for name, doc in json.loads(gold_path.read_text()).items():
            path = folder / name
            if not path.is_file():
                continue  # not fetched (yet): left out
            published = doc.get("published")
            docs.append(
                Document(
                    name,
                    group,
                    path.read_text(errors="replace"),
                    dt.date.fromisoformat(published) if published else None,
                    doc["claims"],
                    path,
                )
            )
    return docs


def paragraphs(text: str, published: dt.date | None) -> list[Paragraph]:
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
    paragraph: Paragraph,
    gold: list[dict[str, Any]],
    got: tuple[structure.Option, ...] | None = None,
) -> tuple[structure.Option, ...] | None:
    """The gold assignment of a paragraph, or None when a gold choice is not reachable.

    A number the gold does not grade leaves the choice open: one that no gold claim counts with
    any of its readings (a claim the gold does not hold, or one read with another measure or
    subject) is wrong or right whatever its total, and keeps the choice `got` made for it where
    that choice is still open; only a number the sentence pass could not read alone, whose value
    no gold claim has, is surely no claim and wants no total.
    """
    text, nodes, external, words = paragraph
    by_key: dict[Key, list[dict[str, Any]]] = defaultdict(list)
    values: set[tuple[str, float]] = set()
    for c in gold:
        by_key[_key(c)].append(c)
        values.add((c.get("unit") or "count", float(c["value"])))
    by_id = {c["id"]: c for c in gold}
    choices: list[structure.Option] = []
    for node in nodes:
        options = structure.options_of(text, node, nodes, external, tuple(choices), words)
        claims = [c for k in node_keys(node, options) for c in by_key.get(k, [])]
        if not claims:
            surely_none = node.draft is None and (
                (node.mention.unit, float(node.mention.value)) not in values
            )
            if not surely_none and got is not None and got[node.index] in options:
                choices.append(got[node.index])  # not graded: the engine's choice stands
            else:
                choices.append(options[0])
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


def predictions(doc: Document) -> list[dict[str, Any]]:
    return [c.to_json(str(doc.path)) for c in extract(doc.text, published=doc.published)]


def parent_counts(gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> tuple[int, int]:
    """Parent links right and graded (the shared scorer's reading: graded where the gold claim
    or its match has a parent, right where the match's parent is the gold parent's match)."""
    right = graded = 0
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
    return right, graded


def agreement(docs: list[Document]) -> float:
    right = graded = 0
    for doc in docs:
        r, g = parent_counts(doc.gold, predictions(doc))
        right, graded = right + r, graded + g
    return right / graded if graded else 0.0


def read(docs: list[Document]) -> None:
    """Each document's paragraphs with their gold assignment, read with the weights in force."""
    for doc in docs:
        doc.paragraphs = []
        for paragraph in paragraphs(doc.text, doc.published):
            if gold_choices(paragraph, doc.gold) is not None:
                doc.paragraphs.append(paragraph)


def use(weights: dict[str, float]) -> None:
    WEIGHTS.update(weights)  # the engine reads this dict


def fit(
    docs: list[Document],
    start: dict[str, float],
    *,
    epochs: int,
    rate: float,
    average: bool,
    seed: int = 0,
    verbose: bool = True,
) -> dict[str, float]:
    """The perceptron's weights after `epochs` passes over the documents' paragraphs."""
    use(start)
    items = [(paragraph, doc.gold) for doc in docs for paragraph in doc.paragraphs]
    order = random.Random(seed)
    total: dict[str, float] = defaultdict(float)
    steps = 0
    for epoch in range(epochs):
        updates = 0
        order.shuffle(items)
        for paragraph, gold in items:
            got = structure.search(paragraph[0], paragraph[1], paragraph[2], paragraph[3])[0]
            want = gold_choices(paragraph, gold, got.choices)
            if want is not None and got.choices != want:
                good, bad = features(paragraph, want), features(paragraph, got.choices)
                moved = False
                for name in set(good) | set(bad):
                    step = good.get(name, 0.0) - bad.get(name, 0.0)
                    if name in WEIGHTS and step:
                        WEIGHTS[name] += rate * step
                        moved = True
                updates += moved
            steps += 1
            for name, value in WEIGHTS.items():
                total[name] += value
        if verbose:
            print(f"epoch {epoch + 1}: {updates} paragraphs corrected of {len(items)}")
    if average and steps:
        return {name: round(total[name] / steps, 2) for name in WEIGHTS}
    return {name: round(value, 2) for name, value in WEIGHTS.items()}


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location(
        "shared_score", shared_folder() / "claims" / "score.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    full: int = 0
    right: int = 0
    graded: int = 0

    def add(self, other: Tally) -> None:
        for name in ("tp", "fp", "fn", "full", "right", "graded"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def parent(self) -> float:
        return self.right / self.graded if self.graded else 0.0

    @property
    def full_f1(self) -> float:
        return 2 * self.full / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0

    @property
    def f1(self) -> float:
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn) if self.tp else 0.0


def tally(docs: list[Document], scorer: Any) -> Tally:
    """The shared scorer's counts and the parent links of `docs` with the weights in force."""
    out = Tally()
    gold: dict[str, Any] = {}
    preds: list[dict[str, Any]] = []
    for doc in docs:
        pred = predictions(doc)
        gold[doc.name] = {"published": str(doc.published), "claims": doc.gold}
        preds += pred
        right, graded = parent_counts(doc.gold, pred)
        out.right += right
        out.graded += graded
    result = scorer.score(gold, preds)
    out.tp, out.fp, out.fn, out.full = (
        result["tp"],
        result["fp"],
        result["fn"],
        result["full"]["matched"],
    )
    return out


def cross_validate(docs: list[Document], args: argparse.Namespace) -> None:
    """Leave one set of real pages out at a time: fit on the rest, score the set left out."""
    scorer = _scorer()
    hand = dict(WEIGHTS)
    read(docs)
    sets = sorted({d.group for d in docs if d.group not in ("project", "seeds")})
    before, after = Tally(), Tally()
    print("set  docs  claims  parent hand -> fitted   full F1 hand -> fitted")
    for name in sets:
        held = [d for d in docs if d.group == name]
        train = [d for d in docs if d.group != name]
        fitted = fit(
            train, hand, epochs=args.epochs, rate=args.rate, average=args.average, verbose=False
        )
        use(hand)
        base = tally(held, scorer)
        use(fitted)
        new = tally(held, scorer)
        use(hand)
        before.add(base)
        after.add(new)
        print(
            f"{name:4s} {len(held):4d}  {base.tp + base.fn:6d}  {base.parent:.3f} -> {new.parent:.3f}"
            f"          {base.full_f1:.3f} -> {new.full_f1:.3f}"
        )
    print(
        f"all  {sum(d.group in sets for d in docs):4d}  {before.tp + before.fn:6d}  "
        f"{before.parent:.3f} -> {after.parent:.3f}          "
        f"{before.full_f1:.3f} -> {after.full_f1:.3f}   (F1 {before.f1:.3f} -> {after.f1:.3f})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--rate", type=float, default=0.03, help="the perceptron's step")
    parser.add_argument(
        "--no-average", dest="average", action="store_false", help="keep the last weights"
    )
    parser.add_argument("--dry-run", action="store_true", help="print, do not write the file")
    parser.add_argument("--real", type=Path, help="a folder of gold files of real pages")
    parser.add_argument("--texts", type=Path, help="the folder holding each set's texts")
    parser.add_argument("--sets", help="the letters of the sets of real pages to use")
    parser.add_argument("--cv", action="store_true", help="leave-one-set-out scores; no write")
    args = parser.parse_args()
    if (args.real is None) != (args.texts is None):
        parser.error("--real and --texts go together")
    docs = documents(args.real, args.texts, args.sets)
    print(
        f"{len(docs)} documents: "
        + ", ".join(
            f"{g} {sum(d.group == g for d in docs)}" for g in dict.fromkeys(d.group for d in docs)
        )
    )
    if args.cv:
        cross_validate(docs, args)
        return 0
    before = agreement(docs)
    start = dict(WEIGHTS)
    read(docs)
    fitted = fit(docs, start, epochs=args.epochs, rate=args.rate, average=args.average)
    use(fitted)
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
