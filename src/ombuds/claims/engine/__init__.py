"""The claim extraction engine: text in, claims out (pure Python, no Django).

    from ombuds.claims.engine import extract, Claim
    claims = extract(text, published=datetime.date(2023, 1, 25))

See docs/claims.md for the rules and their limits.
"""

from .extraction import extract
from .model import Claim

__all__ = ["Claim", "extract"]
