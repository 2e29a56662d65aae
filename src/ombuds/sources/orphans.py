"""Stored files that no row names, left by a process killed in the middle of an ingest.

``do_ingest_source`` writes a document's bytes before the transaction that records its
Source, and deletes them when that transaction fails; a process killed in between (``kill -9``,
a power cut) can do neither, and leaves a file that no Source names. Likewise a staged upload of
an ingest job whose row is gone. ``find_orphan_files`` lists them; it leaves alone the files
younger than a grace period (an ingest running now has written its file and not yet committed).
``actions.do_collect_orphan_files`` deletes them; the task worker does so when it starts.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from ombuds.sources.models import IngestFile, Source

# Folders of MEDIA_ROOT whose every file must be named by a row.
WATCHED = ("sources", "ingest")


def grace() -> dt.timedelta:
    """OMBUDS_ORPHAN_GRACE_MINUTES (default 60): how old a file must be to count as left over."""
    return dt.timedelta(minutes=getattr(settings, "OMBUDS_ORPHAN_GRACE_MINUTES", 60))


def find_orphan_files(*, older_than: dt.timedelta | None = None) -> list[str]:
    """Paths (relative to MEDIA_ROOT) of stored files no Source or IngestFile names."""
    media = Path(settings.MEDIA_ROOT)
    cutoff = (timezone.now() - (grace() if older_than is None else older_than)).timestamp()
    candidates = []
    for folder in WATCHED:
        root = media / folder
        if not root.is_dir():
            continue
        for directory, _dirs, names in os.walk(root):
            for name in names:
                path = Path(directory) / name
                if path.stat().st_mtime < cutoff:
                    candidates.append(path.relative_to(media).as_posix())
    if not candidates:
        return []
    named = set(Source.objects.filter(file__in=candidates).values_list("file", flat=True))
    named |= set(IngestFile.objects.filter(staged__in=candidates).values_list("staged", flat=True))
    return sorted(set(candidates) - named)
