"""An estimate in plain words: what was counted, what is estimated, and what it rests on."""

from __future__ import annotations

from dataclasses import dataclass

from ombuds.registry.estimation.lcmcr import LcmcrEstimate
from ombuds.registry.estimation.loglinear import LogLinearEstimate
from ombuds.registry.estimation.tables import OverlapTable


@dataclass(frozen=True)
class Estimates:
    """The overlap table and the estimates made from it (either may be missing)."""

    table: OverlapTable
    loglinear: LogLinearEstimate | None = None
    lcmcr: LcmcrEstimate | None = None
    problems: tuple[str, ...] = ()


def whole(value: float) -> str:
    """A count for people: rounded, with thousands separated (10,357); ∞ as "no upper bound"."""
    if value == float("inf"):
        return "no upper bound"
    return f"{round(value):,}"


def lines(result: Estimates) -> list[str]:
    """The estimates, one sentence each."""
    out = [f"Observed: {whole(result.table.observed)} people on at least one of "
           f"{result.table.k} lists."]  # fmt: skip
    if result.loglinear is not None:
        ll = result.loglinear
        out.append(
            f"Log-linear model {ll.best.name} (lowest BIC of {len(ll.ranked)} models"
            f"{'' if ll.exhaustive else ', forward search'}): {whole(ll.best.n_hat)} people, "
            f"95% profile-likelihood interval {whole(ll.lower)} to {whole(ll.upper)} "
            f"(standard error {whole(ll.best.se)})."
        )
    if result.lcmcr is not None:
        lc = result.lcmcr
        out.append(
            f"Latent-class model (LCMCR, {lc.settings.classes} classes, seed "
            f"{lc.settings.seed}): median {whole(lc.median)} people, 95% credible interval "
            f"{whole(lc.lower)} to {whole(lc.upper)}."
        )
    out.extend(result.problems)
    return out


def caveats(result: Estimates) -> list[str]:
    """What the estimate rests on, in plain words, with what this table shows about it."""
    table = result.table
    out = [
        "Closed population: the estimate assumes the people counted are one fixed group over "
        "the period, and that each list could have recorded any of them. People who left the "
        "area, or whom no list could reach, are outside the estimate.",
        "Linkage: the table counts people, found by joining records that are one person. "
        "Records of one person left unjoined make the estimate too high; records of two "
        "people joined by mistake make it too low.",
        "List dependence: if being on one list makes being on another more (or less) likely, "
        "a model that ignores it is wrong. The log-linear models allow for some dependence "
        "through interaction terms; which terms the data call for is uncertain.",
        "Heterogeneity: some people are more likely to be recorded than others (by place, "
        "age, the kind of death). The latent-class model allows for this with classes of "
        "people; strata (period, place, victim group) reduce it.",
    ]
    if result.loglinear is not None and len(result.loglinear.ranked) > 1:
        ranked = result.loglinear.ranked
        close = [f for f in ranked if f.bic - ranked[0].bic < 2]
        if len(close) > 1:
            low = min(f.n_hat for f in close)
            high = max(f.n_hat for f in close)
            out.append(
                f"Model uncertainty: {len(close)} log-linear models fit about equally well "
                f"(BIC within 2 of the best) and give {whole(low)} to {whole(high)} people; "
                "the interval of one model does not show this."
            )
    singles = table.on_lists().get(1, 0)
    if table.observed and singles / table.observed > 0.8:
        out.append(
            f"Little overlap: {whole(singles)} of {whole(table.observed)} people are on one "
            "list only, so the estimate rests on few people and its interval is wide."
        )
    return out
