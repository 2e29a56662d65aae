"""The appeals part of the demo: the addressee directory, two synthetic contacts, and a drafted
appeal whose every figure is a reference to a claim of the demo sources.

The figures are found among the demo sources' claims by what they count and their value, and
written into the text as references, so the letter shows whatever the ledger says now.
"""

from __future__ import annotations

from collections.abc import Callable

from ombuds.appeals.actions import do_create_appeal, do_save_addressee, do_seed_addressees
from ombuds.appeals.models import Addressee, AddresseeCategory, Appeal
from ombuds.appeals.references import write_reference
from ombuds.claims.models import Claim

DEMO_CONTACTS = [
    ("Demo contact desk A (synthetic)", "desk-a@example.org"),
    ("Demo contact desk B (synthetic)", "desk-b@example.org"),
]

# name -> (measure, subject, cause, value) of a claim in the demo sources
FIGURES = {
    "missing": ("missing", "people", "", 3890),
    "missing_servicemen": ("missing", "servicemen", "", 3171),
    "missing_civilians": ("missing", "civilians", "", 719),
    "mine_killed_servicemen": ("killed", "servicemen", "landmine", 10),
    "mine_killed_civilians": ("killed", "civilians", "landmine", 36),
    "mine_injured_servicemen": ("injured", "servicemen", "landmine", 146),
    "mine_injured_civilians": ("injured", "civilians", "landmine", 88),
    "mine_casualties": ("casualties", "people", "landmine", 3357),
}

PARAGRAPHS = [
    (
        (),
        "This is a demo draft made by ombuds. Its figures are the claims of the Commissioner "
        "for Human Rights (Ombudsman) of the Republic of Azerbaijan in her appeals of "
        "21 September 2021 and 25 January 2023, as restated in the demo sources; each note "
        "names the source and quotes its passage. ombuds has not verified them.",
    ),
    (
        ("missing", "missing_servicemen", "missing_civilians"),
        "According to the Ombudsman, {missing} citizens went missing during the first "
        "Karabakh war, {missing_servicemen} of them servicemen and {missing_civilians} "
        "civilians, and their fate is still unknown.",
    ),
    (
        (
            "mine_killed_servicemen",
            "mine_killed_civilians",
            "mine_injured_servicemen",
            "mine_injured_civilians",
        ),
        "Since 10 November 2020, landmines in the liberated territories have killed "
        "{mine_killed_servicemen} servicemen and {mine_killed_civilians} civilians and injured "
        "{mine_injured_servicemen} servicemen and {mine_injured_civilians} civilians.",
    ),
    (
        ("mine_casualties",),
        "Since 1991, mine explosions have killed or injured {mine_casualties} people.",
    ),
]

DEMANDS = [
    ("Armenia", "Hand over accurate maps of the minefields in the liberated territories."),
    ("Armenia", "Clarify the fate of the missing persons."),
    ("Armenia", "Stop the pollution of the transboundary Okhchuchay river."),
    (
        "Armenia",
        "Allow the relevant bodies to monitor the environmental damage at the Gizilbulag and "
        "Demirli deposits.",
    ),
]


def _reference(measure: str, subject: str, cause: str, value: int) -> str | None:
    claim = (
        Claim.objects.accepted()
        .filter(measure=measure, subject=subject, cause=cause, value=value)
        .order_by("-source__published")
        .first()
    )
    return write_reference(claim.figure_key) if claim else None


def load_demo_appeals(say: Callable[[str], None]) -> None:
    """Seed the directory, add the synthetic contacts, draft the demo appeal once."""
    added = do_seed_addressees(acting_user=None)
    if added:
        say(f"{added} addressees of the published appeals added to the directory")
    for name, email in DEMO_CONTACTS:
        if not Addressee.objects.filter(organisation=name).exists():
            do_save_addressee(
                organisation=name,
                category=AddresseeCategory.OMBUDSMAN,
                emails=email,
                notes="Synthetic demo contact for a test dispatch; not a real organisation.",
                synthetic=True,
                acting_user=None,
            )
    if Appeal.objects.filter(demo=True).exists():
        return
    refs = {name: _reference(*spec) for name, spec in FIGURES.items()}
    paragraphs = [text.format(**refs) for names, text in PARAGRAPHS if all(refs[n] for n in names)]
    missing = [name for name, ref in refs.items() if ref is None]
    if missing:
        say(f"demo appeal: no demo claim for {', '.join(missing)}; those sentences are left out")
    appeal = do_create_appeal(
        title="Appeal to international organisations on missing persons and landmine victims "
        "(demo draft)",
        body="\n\n".join(paragraphs),
        signatory="Demo signatory (synthetic)\nOffice of the Commissioner for Human Rights "
        "(Ombudsman), demo copy",
        place="Baku",
        addressees=Addressee.objects.all(),
        demands=DEMANDS,
        demo=True,
        acting_user=None,
    )
    say(f"demo appeal {appeal.reference} drafted")
