"""Multiple systems estimation against the published tables of research/C_linkage_mse.md §3.3
and the R packages' results on them (§3.4): Rcapture for the log-linear models, LCMCR for the
latent-class model."""

from __future__ import annotations

import time

import pytest

from ombuds.registry.estimation import EstimationError, lcmcr, loglinear
from ombuds.registry.estimation.tables import OverlapTable
from ombuds.registry.estimation.wording import Estimates, caveats, lines


def table(lists: tuple[str, ...], cells: dict[str, int]) -> OverlapTable:
    return OverlapTable(lists, {tuple(int(c) for c in key): n for key, n in cells.items()})


# LCMCR::kosovo_aggregate: EXH, ABA, OSCE, HRW; 4,400 people observed.
KOSOVO = table(
    ("EXH", "ABA", "OSCE", "HRW"),
    {"0001": 306, "0010": 936, "0011": 123, "0100": 845, "0101": 31, "0110": 217, "0111": 32,
     "1000": 1131, "1001": 106, "1010": 228, "1011": 42, "1100": 177, "1101": 18, "1110": 181,
     "1111": 27},
)  # fmt: skip
# Rcapture::HIV, four reporting centres; 1,896 observed.
HIV = table(
    ("c1", "c2", "c3", "c4"),
    {"1110": 3, "1101": 1, "1100": 33, "1010": 20, "1001": 6, "1000": 403, "0111": 3,
     "0110": 35, "0101": 10, "0100": 545, "0011": 11, "0010": 621, "0001": 205},
)  # fmt: skip


def test_the_kosovo_table_holds_what_the_study_says():
    assert KOSOVO.observed == 4400
    assert KOSOVO.list_totals() == {"EXH": 1910, "ABA": 1528, "OSCE": 1786, "HRW": 685}
    assert KOSOVO.on_lists() == {1: 3218, 2: 882, 3: 273, 4: 27}


def test_kosovo_best_bic_model_is_rcaptures():
    result = loglinear.estimate(KOSOVO)

    assert result.best.name == "[123,14,34]"
    assert result.best.n_hat == pytest.approx(10356.5, abs=0.5)
    assert result.best.se == pytest.approx(785.9, abs=0.5)
    assert result.best.deviance == pytest.approx(9.323, abs=0.001)
    assert result.best.df == 4
    assert result.best.bic == pytest.approx(203.03, abs=0.01)
    assert result.exhaustive


def test_kosovo_models_rank_as_in_rcapture():
    ranked = loglinear.search(KOSOVO)
    expected = [
        ("[123,14,34]", 10356.5, 203.03),
        ("[123,134]", 12741.0, 203.11),
        ("[134,12,23]", 18393.3, 203.96),
        ("[123,14,24,34]", 9824.2, 209.14),
    ]
    for fit, (name, n_hat, bic) in zip(ranked, expected, strict=False):
        assert (fit.name, round(fit.n_hat, 1), round(fit.bic, 2)) == (name, n_hat, bic)


def test_independence_model_is_rcaptures_mt():
    fit = loglinear.fit_model(KOSOVO, loglinear.parse_model("[1,2,3,4]", 4))

    assert fit is not None
    assert fit.n_hat == pytest.approx(7394.6, abs=0.1)
    assert fit.se == pytest.approx(129.6, abs=0.1)


def test_profile_interval_matches_rcapture_closedpci():
    hiv = loglinear.estimate(HIV, model="[12,3,4]")
    assert hiv.best.n_hat == pytest.approx(12318.5, abs=0.1)
    assert hiv.best.se == pytest.approx(1188.7, abs=0.1)
    assert hiv.lower == pytest.approx(10266.0, rel=0.001)
    assert hiv.upper == pytest.approx(14992.3, rel=0.001)

    three_way = loglinear.estimate(KOSOVO, model="[123,124,134,234]")
    assert three_way.best.n_hat == pytest.approx(16941.9, abs=0.1)
    assert three_way.lower == pytest.approx(9114.5, rel=0.005)
    assert three_way.upper == pytest.approx(35335.7, rel=0.005)


def test_the_all_lists_term_is_refused():
    with pytest.raises(EstimationError, match="4-way interaction cannot be estimated"):
        loglinear.estimate(KOSOVO, model="[1234]")


def test_lcmcr_on_kosovo_lands_where_r_does_in_under_30_seconds():
    # CPU time of this process: the 2-core machine is shared, and other processes' load says
    # nothing about the sampler's speed.
    started = time.process_time()
    result = lcmcr.sample(KOSOVO, lcmcr.LcmcrSettings(seed=123))
    elapsed = time.process_time() - started

    # R's LCMCR, same settings, seeds 1, 2, 3 and 123: medians 10,402 to 10,598.
    assert 10402 * 0.97 <= result.median <= 10598 * 1.03
    assert result.lower <= 10401 <= result.upper  # the Kosovo Memory Book count
    assert result.lower == pytest.approx(9100, rel=0.03)
    assert result.upper == pytest.approx(14100, rel=0.08)
    assert len(result.draws) == 1000
    assert elapsed < 30


def test_lcmcr_draws_follow_the_seed():
    quick = lcmcr.LcmcrSettings(burn_in=200, samples=50, thinning=2, seed=7)
    first = lcmcr.sample(KOSOVO, quick)
    again = lcmcr.sample(KOSOVO, quick)
    other = lcmcr.sample(KOSOVO, lcmcr.LcmcrSettings(burn_in=200, samples=50, thinning=2, seed=8))

    assert first.draws == again.draws
    assert first.draws != other.draws
    assert min(first.draws) >= KOSOVO.observed


def test_lcmcr_needs_three_lists():
    two = table(("a", "b"), {"10": 50, "01": 40, "11": 10})
    with pytest.raises(EstimationError, match="at least three lists"):
        lcmcr.sample(two)
    # Two lists: the log-linear model of independent lists is Lincoln-Petersen, 60 × 50 / 10.
    assert loglinear.estimate(two).best.n_hat == pytest.approx(300.0)


@pytest.mark.parametrize(
    ("lists", "cells", "message"),
    [
        (("a",), {"1": 5}, "at least two lists"),
        (("a", "b", "c"), {"100": 5, "010": 5, "001": 5}, "No person is on two lists"),
        (("a", "b", "c"), {"100": 5, "110": 5}, "No person in this stratum is on c"),
        (("a", "a"), {"11": 5}, "named twice"),
        (("a", "b"), {"00": 5}, "not given"),
    ],
)
def test_tables_that_give_no_estimate_say_what_to_do(lists, cells, message):
    with pytest.raises(EstimationError, match=message):
        loglinear.estimate(table(lists, cells))


def test_plain_words_name_the_model_interval_and_uncertainty():
    result = Estimates(table=KOSOVO, loglinear=loglinear.estimate(KOSOVO))

    said = lines(result)
    assert said[0] == "Observed: 4,400 people on at least one of 4 lists."
    assert "Log-linear model [123,14,34]" in said[1]
    assert "10,357 people" in said[1]
    warned = " ".join(caveats(result))
    assert "Closed population" in warned
    # The three best models lie within 2 BIC of each other: 10,357 to 18,393 people.
    assert "3 log-linear models fit about equally well" in warned
    assert "10,357 to 18,393" in warned
