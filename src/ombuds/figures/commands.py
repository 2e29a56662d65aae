"""`ombuds check` and `ombuds figures`: the ledger on the command line.

``check`` runs the ledger's checks on every claim not rejected (the same action as the web
page) and prints each finding; ``figures`` prints each figure key with what sources claim and
what the office's records give.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

import click

from ombuds.bootstrap import say, with_django

# Findings printed per batch, with one query for the claims of each batch.
PAGE = 500


def _plain(value: Any) -> Any:
    """A Decimal or float as an int when whole, else a float; for JSON."""
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


@click.command("check")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per finding per line.")
@click.option("--no-run", is_flag=True, help="Print the stored findings without checking again.")
@with_django
def check(as_json: bool, no_run: bool) -> None:
    """Check every claim (parts against totals, sources against each other, series) and print
    every finding: consistent, contradiction or needs_review, with the claims involved."""
    from ombuds.figures.actions import do_run_checks
    from ombuds.figures.queries import list_findings

    if not no_run:
        counts = do_run_checks(acting_user=None)
        say(
            f"checked: {counts.found} findings ({counts.added} new, {counts.removed} gone), "
            f"{counts.open} open"
        )
    # One query reads the findings in order, a chunk at a time, and each batch's claims are
    # read in one more query: memory and query size stay bounded with millions of findings,
    # and no source's text is read. (Pages by cursor were no use here: every finding of a run
    # shares its created_at, so each page skipped the rows of the pages before it.)
    findings = list_findings().only(
        "id", "created_at", "status", "kind", "explanation", "key_slug", "resolved"
    )
    batch: list[Any] = []
    for finding in findings.iterator(chunk_size=PAGE):
        batch.append(finding)
        if len(batch) == PAGE:
            _print_findings(batch, as_json=as_json)
            batch = []
    _print_findings(batch, as_json=as_json)


def _print_findings(findings: list[Any], *, as_json: bool) -> None:
    """Print ``findings`` with their claims, read in one query for all of them."""
    from ombuds.figures.queries import findings_with_claims

    if not findings:
        return
    for finding, claims in findings_with_claims(findings):
        if as_json:
            row = {
                "status": finding.status,
                "kind": finding.kind,
                "claims": [{**c, "value": _plain(c["value"])} for c in claims],
                "explanation": finding.explanation,
                "key": finding.key_slug,
                "resolved": finding.resolved,
            }
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            mark = " (resolved)" if finding.resolved else ""
            click.echo(f"[{finding.status}] {finding.kind}{mark}: {finding.explanation}")


@click.command("figures")
@click.option("--json", "as_json", is_flag=True, help="One JSON object per figure key per line.")
@with_django
def figures(as_json: bool) -> None:
    """Print every figure key with the values sources claim and the figure the records give."""
    from ombuds.figures.keys import FigureKey
    from ombuds.figures.queries import collect_record_figures, iter_claim_facts

    claimed: dict[FigureKey, list[dict[str, Any]]] = defaultdict(list)
    for fact in iter_claim_facts():
        claimed[fact.key].append(
            {
                "source": fact.source_title,
                "publisher": fact.publisher,
                "published": fact.published.isoformat() if fact.published else None,
                "claim_id": fact.claim_id,
                "value": _plain(fact.value),
                "value_max": _plain(fact.value_max),
                "qualifier": fact.qualifier,
            }
        )
    records = {figure.key: figure for figure in collect_record_figures()}
    # Records counted "as they stand now" (no period end) stand beside every point of a series.
    current = {f.key.series: f for f in records.values() if f.key.period_end is None}
    for key in sorted(set(claimed) | set(records), key=lambda k: k.slug()):
        record = records.get(key) or current.get(key.series)
        if as_json:
            row = {
                "measure": key.measure,
                "subject": key.subject,
                "cause": key.cause or None,
                "place": key.place or None,
                "place_name": key.place_name or None,
                "period_start": key.period_start.isoformat() if key.period_start else None,
                "period_end": key.period_end.isoformat() if key.period_end else None,
                "unit": key.unit,
                "slug": key.slug(),
                "records": _plain(record.value) if record else None,
                "claimed": claimed.get(key, []),
            }
            click.echo(json.dumps(row, ensure_ascii=False))
        else:
            values = "; ".join(
                f"{c['publisher'] or c['source']} {c['value']}" for c in claimed.get(key, [])
            )
            from_records = f" | records: {_plain(record.value)}" if record else ""
            click.echo(f"{key.label()}: {values or '(no claims)'}{from_records}")
