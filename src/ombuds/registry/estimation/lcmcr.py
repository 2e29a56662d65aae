"""The Bayesian latent-class model of capture-recapture (LCMCR), as a NumPy Gibbs sampler.

Manrique-Vallier (2016, *Biometrics* 72:1246) models the people of a population as coming from
K latent classes (a truncated stick-breaking Dirichlet process with concentration α ~
Gamma(a, b)); within a class, each list records a person independently with its own
probability (λ ~ Beta(1, 1)). Classes let the chance of being recorded differ between people
(heterogeneity) and make lists look dependent, which is what log-linear models struggle
with. N has the prior 1/N. This follows the R package ``LCMCR`` (its defaults: K = 10,
a = b = 0.25, burn-in 10,000, 1,000 samples 100 iterations apart).

The sampler works on the table's counts, never on people one by one: each iteration draws how
many of each pattern's people are in each class (a multinomial per pattern), the number of
people no list recorded (negative binomial, the conditional under the 1/N prior), then λ, the
stick-breaking weights and α from their conjugate conditionals.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ombuds.registry.estimation import EstimationError
from ombuds.registry.estimation.tables import OverlapTable, patterns

# The sampler's log of a probability that underflows: far below any that matters.
TINY = 1e-300


@dataclass(frozen=True)
class LcmcrSettings:
    """The sampler's settings; the defaults are the R package's."""

    classes: int = 10
    a_alpha: float = 0.25
    b_alpha: float = 0.25
    burn_in: int = 10_000
    samples: int = 1_000
    thinning: int = 100
    seed: int = 1


@dataclass(frozen=True)
class LcmcrEstimate:
    """The posterior of N: its median, mean and 95% interval, and every sample kept."""

    table: OverlapTable
    settings: LcmcrSettings
    median: float
    mean: float
    lower: float
    upper: float
    draws: tuple[int, ...]


def sample(table: OverlapTable, settings: LcmcrSettings | None = None) -> LcmcrEstimate:
    """Draws of N from the posterior of the latent-class model, with the seed of ``settings``
    (the same seed gives the same draws)."""
    settings = settings or LcmcrSettings()
    table.check_estimable()
    if table.k < 3:
        raise EstimationError(
            "The latent-class model needs at least three lists: with two, only the log-linear "
            "model of independent lists can be fitted."
        )
    if settings.classes < 1 or settings.samples < 1 or settings.thinning < 1:
        raise EstimationError("Classes, samples and thinning must each be at least 1.")
    rng = np.random.default_rng(settings.seed)
    k, classes = table.k, settings.classes
    # Row 0 is the unobserved pattern; the others follow in the table's order.
    rows = [(0,) * k, *patterns(k)]
    x = np.array(rows, dtype=float)
    counts = np.array([0, *(n for _p, n in table.cells())], dtype=np.int64)
    n_obs = int(counts.sum())

    lam = rng.beta(1.0, 1.0, size=(k, classes))
    alpha = settings.a_alpha / settings.b_alpha
    log_pi = np.full(classes, -math.log(classes))
    n0 = n_obs
    kept: list[int] = []
    total = settings.burn_in + settings.samples * settings.thinning
    for iteration in range(1, total + 1):
        log_lam = np.log(np.maximum(lam, TINY))
        log_not = np.log(np.maximum(1.0 - lam, TINY))
        # log P(pattern, class) for every pattern row and class.
        joint = log_pi + x @ log_lam + (1.0 - x) @ log_not
        p0 = float(np.exp(joint[0]).sum())
        p0 = min(max(p0, TINY), 1.0 - 1e-12)
        n0 = int(rng.negative_binomial(n_obs, 1.0 - p0))
        counts[0] = n0
        weights = np.exp(joint - joint.max(axis=1, keepdims=True))
        weights /= weights.sum(axis=1, keepdims=True)
        allocation = rng.multinomial(counts, weights)
        in_class = allocation.sum(axis=0)
        recorded = x.T @ allocation
        lam = rng.beta(1.0 + recorded, 1.0 + in_class - recorded)
        # Stick-breaking: V_c ~ Beta(1 + n_c, α + people in later classes); the last V is 1.
        later = np.concatenate([np.cumsum(in_class[::-1])[::-1][1:], [0]])
        rest = np.maximum(rng.beta(alpha + later[:-1], 1.0 + in_class[:-1]), TINY)
        log_rest = np.log(rest)
        log_v = np.log(np.maximum(1.0 - rest, TINY))
        log_pi = np.concatenate([log_v, [0.0]]) + np.concatenate([[0.0], np.cumsum(log_rest)])
        alpha = rng.gamma(settings.a_alpha + classes - 1, 1.0 / (settings.b_alpha - log_rest.sum()))
        if iteration > settings.burn_in and (iteration - settings.burn_in) % settings.thinning == 0:
            kept.append(n_obs + n0)
    draws = np.array(kept, dtype=float)
    return LcmcrEstimate(
        table=table,
        settings=settings,
        median=float(np.median(draws)),
        mean=float(draws.mean()),
        lower=float(np.quantile(draws, 0.025)),
        upper=float(np.quantile(draws, 0.975)),
        draws=tuple(kept),
    )
