"""The demo appeal and the `ombuds appeal` commands."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from ombuds.appeals.demo import load_demo_appeals
from ombuds.appeals.models import Addressee, Appeal
from ombuds.appeals.rendering import compose
from ombuds.cli import main
from ombuds.sources.demo import load_demo_sources
from tests.appeals.test_letters import pdf_text, squeeze

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_demo_pdf_gives_every_figure_a_footnote_naming_its_source(tmp_path):
    load_demo_sources(lambda _m: None)
    load_demo_appeals(lambda _m: None)
    load_demo_appeals(lambda _m: None)  # idempotent
    appeal = Appeal.objects.get()
    assert appeal.demo
    assert Addressee.objects.filter(synthetic=False, emails="").count() == 25
    assert (
        not Addressee.objects.exclude(emails="").exclude(emails__endswith="@example.org").exists()
    )

    out = tmp_path / "appeal.pdf"
    result = CliRunner().invoke(
        main, ["appeal", "render", "latest", "--format", "pdf", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = squeeze(pdf_text(out.read_bytes()))
    assert squeeze("This is a demo draft made by ombuds") in text
    doc = compose(appeal)
    assert len(doc["figures"]) == 8
    assert not doc["errors"]
    notes = text.split(squeeze("Notes"), 1)[1]
    for figure in doc["figures"]:
        note = notes.split(f"[{figure['n']}]", 1)[1].split(f"[{figure['n'] + 1}]", 1)[0]
        assert squeeze(figure["citations"][0]["source_title"]) in note
        assert squeeze(figure["citations"][0]["quote"]) in note


def test_the_commands_say_what_to_do_with_a_bad_name(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["appeal", "render", "APL-1900-0001", "-o", str(tmp_path / "x")])
    assert result.exit_code != 0
    assert "give `latest`, a reference" in result.output
    result = runner.invoke(main, ["appeal", "seed-addressees"])
    assert result.output.strip() == "25 addressees added"
    result = runner.invoke(main, ["appeal", "seed-addressees"])
    assert result.output.strip() == "0 addressees added"
