"""Log-linear models of an overlap table, chosen by BIC, as Rcapture's ``closedpMS.t`` does.

A hierarchical log-linear model is named by its generating terms, Rcapture's way: ``[123,14,34]``
has the three-way interaction of lists 1, 2 and 3 (and every lower term inside it) and the
two-way interactions of lists 1 and 4 and of 3 and 4; the main effects of every list are
always in. Each model is a Poisson GLM (statsmodels) over the 2^k - 1 observed cells; the
people on no list are exp(intercept), so N̂ = observed + exp(intercept). The k-way term is
never fitted: it cannot be told apart from the unobserved cell.

BIC is Rcapture's: -2 log-likelihood + parameters × log(observed people). The standard error
is Rcapture's Poisson one, √(f0 + f0² var(intercept)) with f0 = exp(intercept), and the
interval is a profile-likelihood interval on the multinomial likelihood of N (Rcapture's
``closedpCI.t``): every N whose likelihood ratio against the best N is within the χ²(1)
95% quantile.

The search is exhaustive over hierarchical models with terms of order up to k - 1 for up to
four lists (Rcapture's default); for more lists it is a forward search that adds, one at a
time, the term that lowers BIC most among those whose lower terms are all in.
"""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import statsmodels.api as sm
from scipy.optimize import brentq
from scipy.special import gammaln
from scipy.stats import chi2
from statsmodels.tools.sm_exceptions import ConvergenceWarning, PerfectSeparationWarning

from ombuds.registry.estimation import EstimationError
from ombuds.registry.estimation.tables import OverlapTable, Pattern

Term = frozenset[int]
EXHAUSTIVE_UP_TO = 4
# Fits whose unobserved cell comes out beyond this many times the observed are degenerate
# (the data do not bound the model): they are kept out of the search.
DEGENERATE_RATIO = 1000.0


@dataclass(frozen=True)
class LogLinearFit:
    """One fitted model: its generating terms, N̂, standard error, deviance, df and BIC."""

    generators: tuple[Term, ...]
    n_hat: float
    se: float
    deviance: float
    df: int
    bic: float
    intercept: float

    @property
    def name(self) -> str:
        """Rcapture's name of the model, lists numbered from 1: ``[123,14,34]``; the model of
        independent lists is ``[1,2,3,4]``."""
        return name_of(self.generators)


@dataclass(frozen=True)
class LogLinearEstimate:
    """The model chosen by BIC, its 95% profile-likelihood interval, and the models ranked."""

    table: OverlapTable
    best: LogLinearFit
    lower: float
    upper: float
    ranked: tuple[LogLinearFit, ...]
    exhaustive: bool


def name_of(generators: Sequence[Term]) -> str:
    ordered = sorted(generators, key=lambda t: (-len(t), sorted(t)))
    return "[" + ",".join("".join(str(i + 1) for i in sorted(t)) for t in ordered) + "]"


def parse_model(text: str, k: int) -> tuple[Term, ...]:
    """``"[123,14,34]"`` as generating terms over k lists (numbered from 1)."""
    body = text.strip().strip("[]").replace(" ", "")
    terms: list[Term] = []
    for part in filter(None, body.split(",")):
        if not part.isdigit() or any(not 1 <= int(c) <= k for c in part):
            raise EstimationError(f"{text!r} is not a model of {k} lists: write it as [12,3,4].")
        terms.append(frozenset(int(c) - 1 for c in part))
    return _reduce(terms, k)


def _reduce(terms: Sequence[Term], k: int) -> tuple[Term, ...]:
    """The maximal terms, with every list's main effect present."""
    every = {*terms, *(frozenset({i}) for i in range(k))}
    maximal = [t for t in every if not any(t < other for other in every)]
    return tuple(sorted(maximal, key=lambda t: (-len(t), sorted(t))))


def _closure(generators: Sequence[Term]) -> list[Term]:
    """Every term of order >= 2 the hierarchical model holds, in a fixed order."""
    found: set[Term] = set()
    for g in generators:
        for size in range(2, len(g) + 1):
            found.update(frozenset(c) for c in itertools.combinations(sorted(g), size))
    return sorted(found, key=lambda t: (len(t), sorted(t)))


def _design(cells: Sequence[Pattern], k: int, generators: Sequence[Term]) -> np.ndarray:
    columns = [np.ones(len(cells))]
    columns.extend(np.array([float(p[i]) for p in cells]) for i in range(k))
    columns.extend(
        np.array([float(all(p[i] for i in term)) for p in cells]) for term in _closure(generators)
    )
    return np.column_stack(columns)


def _glm(y: np.ndarray, x: np.ndarray) -> Any:  # statsmodels is untyped
    with warnings.catch_warnings():
        # A term with an empty cell behind it has no finite estimate; its fit is judged by the
        # result (degenerate or not), not by statsmodels' warnings about it.
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", PerfectSeparationWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        return sm.GLM(y, x, family=sm.families.Poisson()).fit()


def fit_model(table: OverlapTable, generators: Sequence[Term]) -> LogLinearFit | None:
    """The model with these generating terms fitted to ``table``; None when the data do not
    bound it (an unobserved cell that is infinite or absurdly large)."""
    k = table.k
    generators = _reduce(generators, k)
    if any(len(g) >= k for g in generators):
        raise EstimationError(
            f"The {k}-way interaction cannot be estimated: it is the same as the people no "
            "list recorded. Choose a model without it."
        )
    cells = table.cells()
    y = np.array([n for _p, n in cells], dtype=float)
    x = _design([p for p, _n in cells], k, generators)
    result = _glm(y, x)
    params = np.asarray(result.params)
    bse = np.asarray(result.bse)
    intercept = float(params[0])
    observed = table.observed
    if not math.isfinite(intercept) or intercept > math.log(DEGENERATE_RATIO * observed):
        return None
    f0 = math.exp(intercept)
    var0 = float(bse[0]) ** 2
    if not math.isfinite(var0):
        return None
    llf = float(result.llf)
    return LogLinearFit(
        generators=generators,
        n_hat=observed + f0,
        se=math.sqrt(f0 + f0 * f0 * var0),
        deviance=float(result.deviance),
        df=len(cells) - x.shape[1],
        bic=-2 * llf + x.shape[1] * math.log(observed),
        intercept=intercept,
    )


def hierarchical_models(k: int, max_order: int | None = None) -> list[tuple[Term, ...]]:
    """Every hierarchical model of k lists with terms of order 2..max_order (k - 1 by
    default), as its generating terms; the model of independent lists first."""
    top = k - 1 if max_order is None else max_order
    candidates = [
        frozenset(c) for size in range(2, top + 1) for c in itertools.combinations(range(k), size)
    ]
    models: set[tuple[Term, ...]] = set()

    def extend(chosen: list[Term], start: int) -> None:
        models.add(_reduce(chosen, k))
        for index in range(start, len(candidates)):
            term = candidates[index]
            if any(term <= c or c <= term for c in chosen):
                continue
            extend([*chosen, term], index + 1)

    extend([], 0)
    return sorted(models, key=lambda g: (len(_closure(g)), name_of(g)))


def _forward(table: OverlapTable) -> list[LogLinearFit]:
    k = table.k
    current = _reduce([], k)
    best = fit_model(table, current)
    if best is None:
        raise EstimationError("Even the model of independent lists does not fit this table.")
    fits = [best]
    while True:
        held = set(_closure(current)) | {frozenset({i}) for i in range(k)}
        options = [
            frozenset(c)
            for size in range(2, k)
            for c in itertools.combinations(range(k), size)
            if frozenset(c) not in held
            and all(frozenset(s) in held for s in itertools.combinations(c, size - 1))
        ]
        tried = [fit_model(table, (*current, term)) for term in options]
        found = [f for f in tried if f is not None]
        fits.extend(found)
        if not found:
            break
        step = min(found, key=lambda f: f.bic)
        if step.bic >= best.bic:
            break
        best, current = step, step.generators
    return fits


def search(table: OverlapTable) -> list[LogLinearFit]:
    """The models fitted to ``table``, best BIC first (exhaustive up to four lists)."""
    table.check_estimable()
    if table.k <= EXHAUSTIVE_UP_TO:
        fits = [fit_model(table, g) for g in hierarchical_models(table.k)]
        found = [f for f in fits if f is not None]
    else:
        unique = {f.generators: f for f in _forward(table)}
        found = list(unique.values())
    if not found:
        raise EstimationError("No log-linear model fits this table: the lists overlap too little.")
    return sorted(found, key=lambda f: (f.bic, f.name))


def _profile_loglik(table: OverlapTable, generators: Sequence[Term], n_total: float) -> float:
    """The multinomial log-likelihood of N = ``n_total`` at the best cell probabilities of the
    model for that N (the unobserved cell fixed at N - observed)."""
    k = table.k
    cells = [((0,) * k, n_total - table.observed), *table.cells()]
    y = np.array([n for _p, n in cells], dtype=float)
    # With the unobserved cell filled in as a count, the Poisson fit over all 2^k cells is the
    # multinomial fit of the model for this N (its total is N).
    x = _design([p for p, _n in cells], k, generators)
    result = _glm(y, x)
    mu = np.asarray(result.fittedvalues, dtype=float)
    prob = mu / mu.sum()
    positive = y > 0
    return float(
        gammaln(n_total + 1) - gammaln(y + 1).sum() + (y[positive] * np.log(prob[positive])).sum()
    )


def profile_interval(
    table: OverlapTable, fit: LogLinearFit, level: float = 0.95
) -> tuple[float, float]:
    """The profile-likelihood interval of N under ``fit``'s model."""
    n_obs = table.observed
    cut = float(chi2.ppf(level, 1)) / 2

    def loglik(n: float) -> float:
        return _profile_loglik(table, fit.generators, n)

    # The multinomial maximum is near the Poisson N̂; find it on a bracket around it.
    grid = np.linspace(max(n_obs + 1e-6, fit.n_hat - 3 * fit.se), fit.n_hat + 3 * fit.se, 13)
    values = [loglik(float(n)) for n in grid]
    peak_index = int(np.argmax(values))
    peak_n, peak = float(grid[peak_index]), values[peak_index]

    def below(n: float) -> float:
        return peak - loglik(n) - cut

    low_end = float(n_obs) + 1e-6
    lower = low_end if below(low_end) <= 0 else float(brentq(below, low_end, peak_n, xtol=0.01))
    high = peak_n + max(fit.se, 1.0)
    while below(high) < 0:
        high = peak_n + 2 * (high - peak_n)
        if high > 1000 * (n_obs + 1):
            return lower, math.inf
    upper = float(brentq(below, peak_n, high, xtol=0.01))
    return lower, upper


def estimate(table: OverlapTable, *, model: str | None = None) -> LogLinearEstimate:
    """N̂ of the model with the lowest BIC (or of ``model``, Rcapture's notation), with its
    95% profile-likelihood interval and the models ranked by BIC."""
    ranked = search(table)
    if model:
        chosen = fit_model(table, parse_model(model, table.k))
        if chosen is None:
            raise EstimationError(f"The model {model} does not fit this table: choose another.")
    else:
        chosen = ranked[0]
    lower, upper = profile_interval(table, chosen)
    return LogLinearEstimate(
        table=table,
        best=chosen,
        lower=lower,
        upper=upper,
        ranked=tuple(ranked),
        exhaustive=table.k <= EXHAUSTIVE_UP_TO,
    )
