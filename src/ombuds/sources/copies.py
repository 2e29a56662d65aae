"""Copies of one text: a text's signature, and how alike two signatures say their texts are.

A text is read as words (NFKC, case-folded, punctuation and spacing set aside) and as the set
of its shingles of ``SHINGLE`` words. Two texts are copies when their words are the same
(``digest``, any length), or when both have at least ``MIN_WORDS`` words and the MinHash of
their shingles estimates a Jaccard similarity of at least ``THRESHOLD``: a story as PDF and as
TXT, a wire story republished with a new headline, a byline and a few words changed.

datasketch computes the MinHash. Its banding (LSH) is done here, in ``buckets``: each band of
``ROWS`` hash values becomes one 64-bit bucket that the database keeps and indexes
(``SignatureBand``), so that every process finds a text's candidates with one indexed query
inside the ingest's transaction. datasketch's own ``MinHashLSH`` keeps its tables in one
process's memory (or in Redis), which neither survives a restart nor shares one transaction.
With 32 bands of 4, texts 50% alike become candidates 87% of the time, 60% alike 99%, 20%
alike 5% (and a candidate is then measured against ``THRESHOLD``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
SHINGLE = 3
BANDS, ROWS = 32, 4
THRESHOLD = 0.5
# Shorter texts are copies only word for word: a few sentences about one event can be alike
# without one being a copy of the other.
MIN_WORDS = 40
# Enough of a long text to tell a copy; reading more would only cost time and memory.
MAX_WORDS = 100_000
# Stored with each signature: signatures of another version are computed again.
VERSION = f"minhash{NUM_PERM}-w{SHINGLE}-b{BANDS}x{ROWS}"
_SCHEME = "affine32"
_BATCH = 4096
WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Signature:
    """What is kept of a text to find its copies."""

    words: int
    digest: str  # SHA-256 of the words, equal for texts equal but for case and punctuation
    minhash: bytes  # NUM_PERM little-endian uint32; empty below MIN_WORDS
    buckets: tuple[int, ...]  # one per band; empty below MIN_WORDS


def words_of(text: str) -> list[str]:
    """The text's words, case-folded, in order (at most MAX_WORDS)."""
    # Words average under ten characters: this much of the text holds MAX_WORDS of them.
    head = unicodedata.normalize("NFKC", text[: MAX_WORDS * 20]).casefold()
    return WORD.findall(head)[:MAX_WORDS]


@cache
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    first = MinHash(num_perm=NUM_PERM, seed=1, scheme=_SCHEME)
    a, b = first.permutations
    return np.asarray(a), np.asarray(b)


def signature(text: str) -> Signature | None:
    """The text's signature, or None for a text with no words (a scan not read yet)."""
    words = words_of(text)
    if not words:
        return None
    digest = hashlib.sha256(" ".join(words).encode()).hexdigest()
    if len(words) < MIN_WORDS:
        return Signature(len(words), digest, b"", ())
    shingles = {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}
    minhash = MinHash(scheme=_SCHEME, permutations=_permutations())
    encoded = [s.encode() for s in shingles]
    # update_batch builds a table of shingles by permutations: in batches, memory stays small.
    for start in range(0, len(encoded), _BATCH):
        minhash.update_batch(encoded[start : start + _BATCH])
    values = np.asarray(minhash.hashvalues, dtype="<u4")
    return Signature(len(words), digest, values.tobytes(), buckets(values))


def buckets(values: np.ndarray) -> tuple[int, ...]:
    """One signed 64-bit bucket per band of ROWS values; the band's number is hashed in, so
    equal values in different bands never meet."""
    found = []
    for band in range(BANDS):
        part = values[band * ROWS : (band + 1) * ROWS].tobytes()
        digest = hashlib.blake2b(bytes([band]) + part, digest_size=8).digest()
        found.append(int.from_bytes(digest, "little", signed=True))
    return tuple(found)


def similarity(a: bytes, b: bytes) -> float:
    """The Jaccard similarity of two texts' shingles as their MinHashes estimate it (0 to 1)."""
    if not a or not b or len(a) != len(b):
        return 0.0
    left = np.frombuffer(a, dtype="<u4")
    right = np.frombuffer(b, dtype="<u4")
    return float(np.count_nonzero(left == right)) / len(left)
