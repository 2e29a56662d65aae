"""Commands about lists and people: ``ombuds lists`` and ``ombuds people``."""

from __future__ import annotations

import click

from ombuds.bootstrap import with_django

CONFIDENTIALITY = ["public", "internal", "restricted"]


@click.group("lists")
def lists() -> None:
    """The lists registry records come from (the office's cases, a commission's, the ICRC's)."""


@lists.command("show")
@with_django
def show_lists() -> None:
    """Every list with its publisher, date, confidentiality and number of person records."""
    from ombuds.registry.list_queries import list_source_lists

    for item in list_source_lists(user=None):
        click.echo(
            f"{item.source_list.slug}\t{item.source_list.name}\t"
            f"{item.source_list.publisher or '-'}\t{item.date_text}\t"
            f"{item.source_list.confidentiality}\t{item.persons} person records"
        )


@lists.command("add")
@click.argument("slug")
@click.option("--name", required=True, help="Its full name: 'ICRC list of missing persons'.")
@click.option("--publisher", default="", help="Who keeps or published it.")
@click.option(
    "--date", "date_text", default="", help="When it was published: 2023, 2023-05 or 2023-05-04."
)
@click.option("--confidentiality", type=click.Choice(CONFIDENTIALITY), default="internal",
              show_default=True)  # fmt: skip
@click.option("--description", default="")
@with_django
def add_list(
    slug: str, name: str, publisher: str, date_text: str, confidentiality: str, description: str
) -> None:
    """Create a list with the short name SLUG (used by `ombuds import --list SLUG`)."""
    from ombuds.registry.errors import RecordInvalid
    from ombuds.registry.importing import RowError, date_with_precision
    from ombuds.registry.list_actions import do_save_list
    from ombuds.registry.models import SourceList

    values: dict[str, object] = {
        "slug": slug,
        "name": name,
        "publisher": publisher,
        "confidentiality": confidentiality,
        "description": description,
    }
    if date_text:
        try:
            values["date"], values["date_precision"] = date_with_precision(date_text)
        except RowError as exc:
            raise click.BadParameter(str(exc), param_hint="--date") from None
    try:
        do_save_list(SourceList(), values=values, acting_user=None)
    except RecordInvalid as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"list {slug!r} created")


@click.group("people")
def people() -> None:
    """Which person records are one person (across lists)."""


@people.command("merge")
@click.argument("external_ids", nargs=-1, required=True)
@click.option("--reason", default="", help="Why these records are one person (audited).")
@with_django
def merge_people(external_ids: tuple[str, ...], reason: str) -> None:
    """Record that the person records EXTERNAL_IDS (two or more) are one person."""
    from ombuds.registry.errors import RegistryError
    from ombuds.registry.list_actions import do_merge_persons
    from ombuds.registry.list_queries import get_persons_by_external_id

    try:
        persons = get_persons_by_external_id(external_ids)
        cluster = do_merge_persons(persons, acting_user=None, reason=reason)
    except RegistryError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{len(persons)} records are one person (cluster {cluster})")


@people.command("separate")
@click.argument("external_id")
@click.option("--reason", default="", help="Why the record is another person (audited).")
@with_django
def separate_person(external_id: str, reason: str) -> None:
    """Take the person record EXTERNAL_ID out of the person it was merged into."""
    from ombuds.registry.errors import RegistryError
    from ombuds.registry.list_actions import do_separate_person
    from ombuds.registry.list_queries import get_persons_by_external_id

    try:
        (person,) = get_persons_by_external_id([external_id])
        do_separate_person(person, acting_user=None, reason=reason)
    except RegistryError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"{external_id} is a person alone again")


@click.command("estimate")
@click.option("--lists", "list_slugs", default="",
              help="Short names of the lists, comma-separated (default: every list with "
              "someone of the stratum).")  # fmt: skip
@click.option("--event", type=click.Choice(["any", "killed", "injured", "missing"]),
              default="any", show_default=True, help="Whom to count.")  # fmt: skip
@click.option(
    "--from", "date_from", default="", help="Period start: 2021-03-05 (incident or last seen)."
)
@click.option("--to", "date_to", default="", help="Period end: 2021-06-30.")
@click.option("--place", default="", help="Part of the incident place or place last seen.")
@click.option("--group", type=click.Choice(["civilian", "serviceman", "deminer", "unknown"]),
              help="Victim group.")  # fmt: skip
@click.option("--sex", type=click.Choice(["male", "female", "unknown"]), help="Sex.")
@click.option("--method", type=click.Choice(["both", "loglinear", "lcmcr"]), default="both",
              show_default=True)  # fmt: skip
@click.option("--model", default="", help="A log-linear model instead of the best BIC: [12,3].")
@click.option("--seed", type=int, default=1, show_default=True, help="The sampler's seed.")
@click.option("--keep", type=click.Choice(["loglinear", "lcmcr"]),
              help="Keep this estimate, by this method, for appeals to cite as {{estimate N}} "
              "(made as anyone outside the case team sees the registry).")  # fmt: skip
@with_django
def estimate(
    list_slugs: str,
    event: str,
    date_from: str,
    date_to: str,
    place: str,
    group: str | None,
    sex: str | None,
    method: str,
    model: str,
    seed: int,
    keep: str | None,
) -> None:
    """Estimate how many people of a stratum no list recorded (multiple systems estimation).

    Prints the observed count, the overlap table of the lists (people, i.e. linked records),
    the log-linear estimate chosen by BIC, the latent-class (LCMCR) estimate, and the caveats.
    With --keep, also keeps the estimate by that method and prints the number to cite.
    """
    import datetime as dt

    from ombuds.registry.estimation import EstimationError
    from ombuds.registry.estimation.wording import caveats, lines, whole
    from ombuds.registry.list_queries import Stratum, estimate_stratum

    dates: dict[str, dt.date | None] = {}
    for name, text in (("--from", date_from), ("--to", date_to)):
        try:
            dates[name] = dt.date.fromisoformat(text) if text else None
        except ValueError:
            raise click.BadParameter(
                f"{text!r}: write a date as 2021-03-05", param_hint=name
            ) from None
    stratum = Stratum(
        lists=tuple(s.strip() for s in list_slugs.split(",") if s.strip()),
        event=event,
        date_from=dates["--from"],
        date_to=dates["--to"],
        place=place,
        group=group or "",
        sex=sex or "",
    )
    try:
        result = estimate_stratum(
            stratum,
            user=None,
            loglinear=method in ("both", "loglinear"),
            lcmcr=method in ("both", "lcmcr"),
            model=model,
            seed=seed,
        )
    except EstimationError as exc:
        raise click.ClickException(str(exc)) from None
    table = result.table
    click.echo(f"Stratum: {stratum.describe()}")
    click.echo("Lists: " + ", ".join(f"{i + 1}={name}" for i, name in enumerate(table.lists)))
    click.echo("Overlap table (1 = on the list):")
    click.echo("  " + " ".join(f"{i + 1}" for i in range(table.k)) + "  people")
    for pattern, count in table.cells():
        click.echo("  " + " ".join(str(bit) for bit in pattern) + f"  {whole(count)}")
    for line in lines(result):
        click.echo(line)
    click.echo("Caveats:")
    for line in caveats(result):
        click.echo(f"- {line}")
    if keep:
        from ombuds.registry.errors import RegistryError
        from ombuds.registry.list_actions import do_save_estimate

        try:
            saved = do_save_estimate(stratum, method=keep, model=model, seed=seed, acting_user=None)
        except RegistryError as exc:
            raise click.ClickException(str(exc)) from None
        interval = f"{whole(saved.lower)} to " + (
            whole(saved.upper) if saved.upper is not None else "no upper bound"
        )
        click.echo(
            f"Kept as estimate {saved.number} ({whole(saved.estimate)}, 95% interval "
            f"{interval}): cite it in an appeal as {{{{estimate {saved.number}}}}}."
        )


@click.group("link")
def link() -> None:
    """Find the person records that are one person, across lists (record linkage)."""


@link.command("run")
@click.option("--lists", "list_slugs", default="",
              help="Short names of the lists to link, comma-separated (default: every list).")  # fmt: skip
@click.option("--threshold", type=click.FloatRange(0, 1), default=0.05, show_default=True,
              help="Keep candidate pairs at least this probable.")  # fmt: skip
@click.option("--seed", type=int, default=1, show_default=True)
@with_django
def link_run(list_slugs: str, threshold: float, seed: int) -> None:
    """Train the linkage model on the person records and store the candidate pairs.

    People decide on the pairs on the review page (/registry/link/); their decisions are
    kept, and a new run does not ask about decided pairs again.
    """
    from ombuds.bootstrap import say
    from ombuds.registry.errors import RegistryError
    from ombuds.registry.link_actions import do_run_linkage
    from ombuds.registry.list_queries import get_list_by_slug

    try:
        chosen = [
            get_list_by_slug(s.strip(), user=None) for s in list_slugs.split(",") if s.strip()
        ]
        run = do_run_linkage(
            acting_user=None, lists=chosen or None, threshold=threshold, seed=seed, progress=say
        )
    except RegistryError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(
        f"linkage run {run.number}: {run.records} records, {run.pairs} candidate pairs "
        f"(probability >= {threshold}) in {run.seconds} s"
    )
