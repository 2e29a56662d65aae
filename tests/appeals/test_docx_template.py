"""The Word letter laid out by a template the office can edit (docxtpl): the default one, the
office's own with the notes still Word footnotes, and templates refused with the old one kept."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from docx import Document as Docx

from ombuds.appeals.docx_template import default_template
from ombuds.appeals.errors import TemplateError
from ombuds.appeals.letters import render
from ombuds.appeals.models import Office
from ombuds.appeals.office_actions import do_save_office, do_set_docx_template
from ombuds.appeals.rendering import compose
from ombuds.core.models import AuditEvent
from tests.appeals.factories import draft, missing_source
from tests.appeals.test_docx import footnotes, references

pytestmark = pytest.mark.django_db


def template(*lines: str, base: bytes | None = None) -> bytes:
    """A Word document of these paragraphs (on ``base``'s parts and styles, when given)."""
    out = Docx(io.BytesIO(base)) if base else Docx()
    if base:
        body = out.element.body
        for child in list(body):
            if not child.tag.endswith("sectPr"):
                body.remove(child)
    for line in lines:
        out.add_paragraph(line)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def text_of(data: bytes) -> str:
    return "\n".join(p.text for p in Docx(io.BytesIO(data)).paragraphs)


OWN = ("Letter of {{ office_name }} (own template)", "{{ reference_line }}", "{{p body }}",
       "{{p signature }}")  # fmt: skip


def test_the_default_template_is_a4_with_every_part_of_the_letter():
    document = Docx(io.BytesIO(default_template()))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    tags = "\n".join(p.text for p in document.paragraphs)
    for tag in ("{{ office_name }}", "{{ reference_line }}", "{{p body }}", "{{p demands }}",
                "{{p signature }}", "{{ addressees }}"):  # fmt: skip
        assert tag in tags


def test_the_offices_template_lays_out_the_letter_and_the_notes_stay_footnotes():
    do_save_office(address="", reference_pattern="No. {number}/{year}",
                   wordings={"en": {"name": "The Office"}}, acting_user=None)  # fmt: skip
    do_set_docx_template(data=template(*OWN), filename="own.docx", acting_user=None)
    missing_source()
    data = render(compose(draft()), "docx")
    text = text_of(data)
    assert text.startswith("Letter of The Office (own template)\nNo. ")
    assert "We write about the missing: 3,890 people" in text
    assert "Test Signatory\nTest Office" in text
    assert "We ask" not in text  # the template leaves the demands out
    notes = footnotes(data)
    assert list(notes) == ["1", "2", "3"]
    assert notes["3"] == "See note 1."
    assert notes["1"].startswith("Test Commission, “Commission report”, 25 January 2023")
    assert references(data) == ["1", "2", "3"]
    (event,) = AuditEvent.objects.filter(action="set_docx_template")
    assert event.changes["docx_template"][0] == ""
    assert event.changes["docx_template"][1].endswith("own.docx")
    assert len(event.changes["docx_template_sha256"][1]) == 64


def test_a_template_with_footnotes_of_its_own_gets_the_letters_instead():
    missing_source()
    letter = render(compose(draft()), "docx")  # a document with a footnotes part
    own = template(*OWN, base=letter)
    with zipfile.ZipFile(io.BytesIO(own)) as package:
        assert "word/footnotes.xml" in package.namelist()
    do_set_docx_template(data=own, acting_user=None)
    data = render(compose(draft("Only {{fig missing/servicemen}} here.")), "docx")
    assert list(footnotes(data)) == ["1"]
    assert footnotes(data)["1"].startswith("Test Commission")
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert package.namelist().count("word/footnotes.xml") == 1
        settings_xml = package.read("word/settings.xml").decode()
    assert settings_xml.count("<w:footnotePr>") == 1


BROKEN = [
    (b"plain text, not a document", "is not a Word document"),
    (template("{{ office_name ", "{{p body }}"), "tags cannot be read"),
    (template("{{ office_name }}"), "has no {{p body }}"),
    (template("{{ secret_key }}", "{{p body }}"), "names secret_key, which a letter does not have"),
    (template("{{ title.__class__.__mro__ }}", "{{p body }}"), "failed to lay out a trial letter"),
]


@pytest.mark.parametrize(("data", "message"), BROKEN)
def test_a_broken_template_is_refused_and_the_one_in_use_kept(data, message):
    do_set_docx_template(data=template(*OWN), filename="own.docx", acting_user=None)
    kept = Office.objects.get().docx_template.name
    with pytest.raises(TemplateError, match=message):
        do_set_docx_template(data=data, filename="new.docx", acting_user=None)
    assert Office.objects.get().docx_template.name == kept
    assert AuditEvent.objects.filter(action="set_docx_template").count() == 1
    missing_source()
    assert "(own template)" in text_of(render(compose(draft()), "docx"))


def test_the_admin_uploads_downloads_and_goes_back_to_the_default(client, admin_user):
    client.force_login(admin_user)
    url = reverse("appeals:office_template_upload")
    refused = client.post(url, {"template": io.BytesIO(template("no body"))}, follow=True)
    assert "has no {{p body }}" in refused.content.decode().replace("&#x27;", "'")
    assert "The template in use is kept." in refused.content.decode()
    assert not Office.objects.exists() or not Office.objects.get().docx_template
    client.post(url, {"template": io.BytesIO(template(*OWN))})
    download = client.get(reverse("appeals:office_template"))
    assert "(own template)" in text_of(download.content)
    client.post(url, {"default": "1"})
    assert not Office.objects.get().docx_template
    assert text_of(client.get(reverse("appeals:office_template")).content) == text_of(
        default_template()
    )


def test_the_command_writes_the_template_in_use_or_the_default(tmp_path):
    from click.testing import CliRunner

    from ombuds.cli import main

    do_set_docx_template(data=template(*OWN), acting_user=None)
    runner = CliRunner()
    result = runner.invoke(main, ["appeal", "docx-template", "-o", str(tmp_path / "own.docx")])
    assert result.exit_code == 0, result.output
    assert "(own template)" in text_of((tmp_path / "own.docx").read_bytes())
    result = runner.invoke(
        main, ["appeal", "docx-template", "--default", "-o", str(tmp_path / "default.docx")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "default.docx").read_bytes() == default_template()
