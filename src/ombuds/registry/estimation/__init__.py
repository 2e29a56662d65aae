"""Multiple systems estimation: how many people no list recorded, from how the lists overlap.

Pure Python with NumPy, SciPy and statsmodels; no Django import, so the command line, the
tests and the benchmarks use it alone. ``tables`` holds the overlap table of k lists (the
count of people on each of the 2^k - 1 combinations of lists), ``loglinear`` the log-linear
models with a search by BIC (Rcapture's ``closedpMS.t``) and profile-likelihood intervals
(``closedpCI.t``), ``lcmcr`` the Bayesian latent-class model of Manrique-Vallier (2016) as a
Gibbs sampler (the R package ``LCMCR``), and ``wording`` the caveats in plain words.

No package on PyPI does either; statsmodels fits each model, and the sampler is written here
with NumPy because the R package's C++ sampler has no Python counterpart.

Errors::

    EstimationError           the table cannot give an estimate; the message says what to do
"""

from __future__ import annotations


class EstimationError(ValueError):
    """An overlap table or a request that no estimate can be made from."""
