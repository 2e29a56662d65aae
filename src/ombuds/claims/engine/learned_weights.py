"""Weights of the learned layer (`learned.py`): one per kind of evidence, never per word.

Written by `make fit-learned` (scripts/fit_learned.py), which fits a conditional log-linear
model on annotated documents; review the diff. `ENABLED` says whether `extract` applies the
layer by default (docs/claims.md gives the cross-validated figures behind it).
"""

ENABLED = False

WEIGHTS: dict[str, float] = {
    "chosen-by-rules": 10.0,  # until fitted, the layer keeps every choice of the rules
}
