import pytest
from django.urls import reverse

from ombuds.core.roles import role_grants

pytestmark = pytest.mark.django_db


def test_anonymous_user_is_sent_to_the_login_page(client):
    response = client.get(reverse("dashboard"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_is_open_and_logs_in(client, viewer):
    assert client.get(reverse("login")).status_code == 200

    response = client.post(reverse("login"), {"username": "viewer-user", "password": "pw-viewer"})

    assert response.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.parametrize("role_fixture", ["viewer", "researcher", "editor"])
def test_only_admin_reaches_the_audit_page(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))

    assert client.get(reverse("audit")).status_code == 403


def test_admin_sees_audit_events_with_filters(client, admin_user, viewer):
    client.force_login(admin_user)

    response = client.get(reverse("audit"), {"action": "create_user", "actor": "command line"})

    assert response.status_code == 200
    assert b"create_user" in response.content


def test_roles_follow_their_patterns():
    assert role_grants("viewer", "claims.view_claim")
    assert not role_grants("viewer", "claims.change_claim")
    assert not role_grants("viewer", "registry.view_personal_data")
    assert role_grants("researcher", "registry.view_personal_data")
    assert role_grants("editor", "appeals.approve_appeal")
    assert not role_grants("editor", "core.view_auditevent")
    assert role_grants("admin", "core.view_auditevent")


@pytest.mark.parametrize(
    "url", ["/api/sources/?title=%00", "/sources/?title=a%00b", "/api/claims/?measure%00=x"]
)
def test_a_nul_character_in_the_address_is_refused_with_400(client, viewer, url):
    client.force_login(viewer)
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
