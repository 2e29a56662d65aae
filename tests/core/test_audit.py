import pytest
from django.contrib.auth.models import User
from django.db import transaction

from ombuds.core import audit
from ombuds.core.actions import do_create_user, do_set_user_role
from ombuds.core.errors import UnknownRole, UserExists
from ombuds.core.models import AuditEvent
from ombuds.core.roles import role_of

pytestmark = pytest.mark.django_db


def test_action_writes_its_audit_row_with_old_and_new_values(admin_user):
    user = do_create_user("amina", role="viewer", password="x-long-pass", acting_user=admin_user)

    do_set_user_role(user, role="researcher", acting_user=admin_user, reason="joined the team")

    event = AuditEvent.objects.for_object(user).get(action="set_user_role")
    assert event.actor == admin_user
    assert event.actor_name == "admin-user"
    assert event.changes == {"role": ["viewer", "researcher"]}
    assert event.reason == "joined the team"
    assert role_of(user) == "researcher"


@pytest.mark.django_db(transaction=True)
def test_audit_row_is_written_in_the_actions_transaction(admin_user):
    seen_inside = []

    def create_then_fail():
        with transaction.atomic():
            do_create_user("leyla", role="viewer", password="x-long-pass", acting_user=admin_user)
            seen_inside.append(AuditEvent.objects.filter(object_repr="leyla").exists())
            raise RuntimeError("the surrounding work fails")

    with pytest.raises(RuntimeError):
        create_then_fail()

    assert seen_inside == [True]

    assert not User.objects.filter(username="leyla").exists()
    assert not AuditEvent.objects.filter(object_repr="leyla").exists()


def test_failed_action_leaves_neither_change_nor_audit_row(admin_user):
    do_create_user("arman", role="viewer", password="x-long-pass", acting_user=admin_user)
    events = AuditEvent.objects.count()

    with pytest.raises(UserExists):
        do_create_user("arman", role="editor", password="x-long-pass", acting_user=admin_user)
    with pytest.raises(UnknownRole):
        do_create_user("other", role="chief", password="x-long-pass", acting_user=admin_user)

    assert AuditEvent.objects.count() == events
    assert not User.objects.filter(username="other").exists()
    assert role_of(User.objects.get(username="arman")) == "viewer"


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_run_outside_a_transaction(admin_user):
    with pytest.raises(audit.AuditError):
        audit.record(actor=admin_user, action="x", instance=admin_user, before=None, after={})


def test_restricted_fields_are_hidden_from_roles_without_the_permission(researcher, viewer):
    # A person's name is restricted to roles holding registry.view_personal_data.
    event = AuditEvent(
        model="registry.personname",
        changes={"name": ["Aynur", "Ainur"], "script": ["latin", "latin2"]},
    )

    assert audit.visible_changes(event, researcher)["name"] == ["Aynur", "Ainur"]
    assert audit.visible_changes(event, viewer) == {
        "name": [audit.HIDDEN, audit.HIDDEN],
        "script": ["latin", "latin2"],
    }
