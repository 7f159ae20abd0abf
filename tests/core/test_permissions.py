"""Every role × every action × own/other candidacy: on real HTTP requests, and on `can()` itself.

The expected outcomes are written out here by hand, never derived from `permissions.RULES`: a wrong edit of
RULES must make one of these tests fail.

Objects: X and Y are candidacies of actor A (X is the candidate account's own candidacy, Y a sibling of it);
Z is a candidacy of actor B. The party account is scoped to actor A, the candidate account to X.
"""

import re
from types import SimpleNamespace
from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.test import Client

from conoceles.accounts.models import Role, User
from conoceles.accounts.services import create_account
from conoceles.candidacies.models import Candidacy
from conoceles.core.permissions import Action, can, candidacies_for, get_candidacy_or_404
from conoceles.elections.models import ElectoralProcess, PoliticalActor
from tests.factories import CandidacyFactory

NAMES = {
    "x": ("Xóchitl", "Pech", "Canul"),
    "y": ("Yolanda", "Balam", "Chi"),
    "z": ("Zacarías", "Dzul", "May"),
}
OBJECTS = ("x", "y", "z")
ROLES = ("admin", "reviewer", "analyst", "party", "candidate", "deactivated", "anonymous")
ADMIN_TITLE = "Conóceles – administración"


def full_name(obj: str) -> str:
    return " ".join(NAMES[obj])


@pytest.fixture
def matrix(world):
    actor_a, actor_b = world.actors["PAN"], world.actors["MORENA"]
    candidacies = {
        "x": CandidacyFactory(process=world.process, contest=world.contests["MR1"], actor=actor_a),
        "y": CandidacyFactory(process=world.process, contest=world.contests["MR15"], actor=actor_a),
        "z": CandidacyFactory(process=world.process, contest=world.contests["MR1"], actor=actor_b),
    }
    for key, (first, last, second) in NAMES.items():
        candidacy = candidacies[key]
        candidacy.first_name, candidacy.last_name, candidacy.second_last_name = first, last, second
        candidacy.save()
    password = "no-importa-en-esta-prueba-7"
    users = {
        "admin": create_account("inst-admin", Role.ADMIN, password=password, must_change_password=False),
        "reviewer": create_account("inst-revision", Role.REVIEWER, password=password, must_change_password=False),
        "analyst": create_account("inst-analisis", Role.ANALYST, password=password, must_change_password=False),
        "party": create_account("actor-a", Role.PARTY, password=password, actor=actor_a, must_change_password=False),
        "candidate": create_account(
            "cand-x", Role.CANDIDATE, password=password, candidacy=candidacies["x"], must_change_password=False
        ),
        # An administration account deactivated while its session is open: from then on it reaches nothing.
        "deactivated": create_account("inst-baja", Role.ADMIN, password=password, must_change_password=False),
    }
    # The account the staff screens act on (deactivate, reactivate, e-mail): Y's candidate, with an e-mail address.
    target = create_account(
        "cand-y", Role.CANDIDATE, password=password, candidacy=candidacies["y"], email="cand-y@example.org"
    )
    return SimpleNamespace(candidacies=candidacies, users=users, target=target)


def client_for(matrix, role: str) -> Client:
    client = Client()
    if role == "anonymous":
        return client
    user = matrix.users[role]
    client.force_login(user)
    if role == "deactivated":
        user.is_active = False
        user.save(update_fields=["is_active"])
    return client


# --------------------------------------------------------------------------------------------
# HTTP: the expected outcome of every (page, role[, object])
# --------------------------------------------------------------------------------------------

OK = "200"
NOT_FOUND = "404 (scoped: existence not confirmed)"
FORBIDDEN = "403"
METHOD_NOT_ALLOWED = "405"
LOGIN = "302 to the login page"
GESTION_LOGIN = "302 to Gestión's login, which sends to the login page"
GESTION_REFUSED = "302 to Gestión's login, which refuses the signed-in account with a 403"

LOGGED_OUT = {"deactivated": LOGIN, "anonymous": LOGIN}
GESTION_LOGGED_OUT = {"deactivated": GESTION_LOGIN, "anonymous": GESTION_LOGIN}

# The candidacies whose names and links the list shows, per role.
LIST_REACHES = {
    "admin": {"x", "y", "z"},
    "reviewer": {"x", "y", "z"},
    "analyst": {"x", "y", "z"},
    "party": {"x", "y"},
    "candidate": {"x"},
}

PAGES = {
    "candidacy_list": lambda m: "/candidaturas/",
    "imports": lambda m: "/gestion/importaciones/",
    "gestion": lambda m: "/gestion/",
    # Gestión → Cuentas (unscoped: for the administration role only), acting on the target account.
    "staff_accounts_list": lambda m: "/gestion/cuentas/",
    "staff_accounts_generate": lambda m: "/gestion/cuentas/generar/",
    "staff_accounts_issue": lambda m: f"/gestion/cuentas/credenciales/?users={m.target.pk}",
    "staff_accounts_email": lambda m: "/gestion/cuentas/correo/",
    "staff_accounts_deactivate": lambda m: f"/gestion/cuentas/{m.target.pk}/desactivar/",
    "staff_accounts_reactivate": lambda m: f"/gestion/cuentas/{m.target.pk}/reactivar/",
    "staff_accounts_login_log": lambda m: "/gestion/cuentas/accesos/",
    # Gestión → Datos abiertos: the institute's full export (administration and analysis).
    "opendata_staff": lambda m: "/gestion/datos-abiertos/",
    # The administration's dashboard and process settings.
    "gestion_dashboard": lambda m: "/gestion/panel/",
    "gestion_dates": lambda m: f"/gestion/proceso/{m.candidacies['x'].process_id}/fechas/",
    "gestion_review_rules": lambda m: f"/gestion/proceso/{m.candidacies['x'].process_id}/revision/",
    "gestion_capture_rules": lambda m: f"/gestion/proceso/{m.candidacies['x'].process_id}/captura/",
    # Derechos ARCO: the candidate's own page, and Administración's queue.
    "arco_mine": lambda m: "/cuenta/mis-datos/",
    "arco_queue": lambda m: "/gestion/arco/",
}
OBJECT_PAGES = {
    "candidacy_detail": lambda m, obj: f"/candidaturas/{m.candidacies[obj].pk}/",
    "gestion_candidacy_change": lambda m, obj: f"/gestion/candidacies/candidacy/{m.candidacies[obj].pk}/change/",
}

EXPECTED = {
    "candidacy_list": {"admin": OK, "reviewer": OK, "analyst": OK, "party": OK, "candidate": OK, **LOGGED_OUT},
    "imports": {
        "admin": OK,
        "reviewer": FORBIDDEN,
        "analyst": FORBIDDEN,
        "party": FORBIDDEN,
        "candidate": FORBIDDEN,
        **LOGGED_OUT,
    },
    "gestion": {
        "admin": OK,
        "reviewer": GESTION_REFUSED,
        "analyst": GESTION_REFUSED,
        "party": GESTION_REFUSED,
        "candidate": GESTION_REFUSED,
        **GESTION_LOGGED_OUT,
    },
}
ADMINISTRATION_ONLY = {
    "admin": OK,
    "reviewer": FORBIDDEN,
    "analyst": FORBIDDEN,
    "party": FORBIDDEN,
    "candidate": FORBIDDEN,
    **LOGGED_OUT,
}
for _screen in ("list", "generate", "issue", "deactivate", "reactivate", "login_log"):
    EXPECTED[f"staff_accounts_{_screen}"] = ADMINISTRATION_ONLY
EXPECTED["staff_accounts_email"] = {**ADMINISTRATION_ONLY, "admin": METHOD_NOT_ALLOWED}  # POST only
EXPECTED["opendata_staff"] = {**ADMINISTRATION_ONLY, "analyst": OK}
for _screen in ("dashboard", "dates", "review_rules", "capture_rules"):
    EXPECTED[f"gestion_{_screen}"] = ADMINISTRATION_ONLY
EXPECTED["arco_queue"] = ADMINISTRATION_ONLY
EXPECTED["arco_mine"] = {  # only a candidate's own account has personal data of its own here
    "admin": NOT_FOUND,
    "reviewer": NOT_FOUND,
    "analyst": NOT_FOUND,
    "party": NOT_FOUND,
    "candidate": OK,
    **LOGGED_OUT,
}

EXPECTED_ON_OBJECT = {
    "candidacy_detail": {
        "admin": {"x": OK, "y": OK, "z": OK},
        "reviewer": {"x": OK, "y": OK, "z": OK},
        "analyst": {"x": OK, "y": OK, "z": OK},
        "party": {"x": OK, "y": OK, "z": NOT_FOUND},
        "candidate": {"x": OK, "y": NOT_FOUND, "z": NOT_FOUND},
        "deactivated": dict.fromkeys(OBJECTS, LOGIN),
        "anonymous": dict.fromkeys(OBJECTS, LOGIN),
    },
    "gestion_candidacy_change": {
        "admin": {"x": OK, "y": OK, "z": OK},
        "reviewer": dict.fromkeys(OBJECTS, GESTION_REFUSED),
        "analyst": dict.fromkeys(OBJECTS, GESTION_REFUSED),
        "party": dict.fromkeys(OBJECTS, GESTION_REFUSED),
        "candidate": dict.fromkeys(OBJECTS, GESTION_REFUSED),
        "deactivated": dict.fromkeys(OBJECTS, GESTION_LOGIN),
        "anonymous": dict.fromkeys(OBJECTS, GESTION_LOGIN),
    },
}

CASES = [pytest.param(screen, role, None, id=f"{screen}-{role}") for screen in PAGES for role in ROLES] + [
    pytest.param(screen, role, obj, id=f"{screen}-{role}-{obj}")
    for screen in OBJECT_PAGES
    for role in ROLES
    for obj in OBJECTS
]


def test_every_page_and_role_has_an_expected_outcome():
    for page in PAGES:
        assert set(EXPECTED[page]) == set(ROLES), page
    for page in OBJECT_PAGES:
        assert set(EXPECTED_ON_OBJECT[page]) == set(ROLES), page
        for role in ROLES:
            assert set(EXPECTED_ON_OBJECT[page][role]) == set(OBJECTS), (page, role)


def _login_redirect(url: str) -> str:
    return f"/cuenta/entrar/?next={quote(url, safe='/')}"


def _gestion_login_redirect(url: str) -> str:
    return f"/gestion/login/?next={quote(url, safe='/')}"


def assert_outcome(client: Client, url: str, expected: str, *, secret_names=()):
    """Request `url` and check `expected`; `secret_names` must not appear in any response along the way."""
    response = client.get(url)
    bodies = [response.content.decode()]
    if expected == OK:
        assert response.status_code == 200, (url, response.status_code, response.get("Location"))
    elif expected == NOT_FOUND:
        assert response.status_code == 404, (url, response.status_code, response.get("Location"))
    elif expected == METHOD_NOT_ALLOWED:
        assert response.status_code == 405, (url, response.status_code, response.get("Location"))
    elif expected == FORBIDDEN:
        assert response.status_code == 403, (url, response.status_code, response.get("Location"))
    elif expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == _login_redirect(url)
        final = client.get(response["Location"])
        assert final.status_code == 200
        assert 'name="password"' in final.content.decode()
        bodies.append(final.content.decode())
    elif expected in (GESTION_LOGIN, GESTION_REFUSED):
        assert response.status_code == 302
        assert response["Location"] == _gestion_login_redirect(url)
        # Follow by hand: a loop (the login page sending a signed-in user back to `next`) must not happen.
        final = client.get(response["Location"])
        bodies.append(final.content.decode())
        if expected == GESTION_LOGIN:
            assert final.status_code == 302
            assert final["Location"] == _login_redirect(url)
            login_page = client.get(final["Location"])
            assert login_page.status_code == 200
            bodies.append(login_page.content.decode())
        else:
            assert final.status_code == 403, (final.status_code, final.get("Location"))
    else:  # pragma: no cover
        raise AssertionError(expected)
    if expected != OK:
        for body in bodies:
            assert ADMIN_TITLE not in body, "Gestión content leaked"
            for name in secret_names:
                assert name not in body, f"{name!r} leaked on a refused request"
    return response


@pytest.mark.parametrize(("screen", "role", "obj"), CASES)
def test_http_matrix(matrix, screen, role, obj):
    client = client_for(matrix, role)
    every_name = [full_name(key) for key in OBJECTS]
    if obj is None:
        url = PAGES[screen](matrix)
        expected = EXPECTED[screen][role]
        response = assert_outcome(client, url, expected, secret_names=every_name)
    else:
        url = OBJECT_PAGES[screen](matrix, obj)
        expected = EXPECTED_ON_OBJECT[screen][role][obj]
        response = assert_outcome(client, url, expected, secret_names=every_name)

    if expected != OK:
        return
    body = response.content.decode()
    if screen == "candidacy_list":
        reachable = LIST_REACHES[role]
        linked = {int(pk) for pk in re.findall(r'href="/candidaturas/(\d+)/"', body)}
        assert linked == {matrix.candidacies[key].pk for key in reachable}
        for key in OBJECTS:
            assert (full_name(key) in body) == (key in reachable), (key, role)
    elif screen == "candidacy_detail":
        assert full_name(obj) in body
        for other in set(OBJECTS) - {obj}:
            assert full_name(other) not in body
    elif screen == "gestion":
        assert ADMIN_TITLE in body
    elif screen == "gestion_candidacy_change":
        assert ADMIN_TITLE in body
        assert NAMES[obj][0] in body  # the change form holds the first name


def test_a_scoped_404_looks_like_a_missing_candidacy(matrix):
    """The party gets the same answer for another actor's candidacy as for one that does not exist."""
    client = client_for(matrix, "party")
    other = client.get(f"/candidaturas/{matrix.candidacies['z'].pk}/")
    missing = client.get(f"/candidaturas/{Candidacy.objects.order_by('-pk').first().pk + 1000}/")
    assert other.status_code == missing.status_code == 404
    assert without_csrf_token(other) == without_csrf_token(missing)


def without_csrf_token(response) -> str:
    """The page as text, less the CSRF token of the logout form (masked anew on every response)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


@pytest.mark.parametrize("role", ["reviewer", "analyst", "party", "candidate"])
@pytest.mark.parametrize("url", ["/gestion/", "/gestion/candidacies/candidacy/"])
def test_gestion_refuses_a_signed_in_account_without_a_redirect_loop(matrix, role, url):
    # The login page sends a signed-in user back to `next`: Gestión must not send it there (the test client
    # raises RedirectCycleError on a loop).
    response = client_for(matrix, role).get(url, follow=True)
    assert response.status_code == 403
    assert response.redirect_chain == [(f"/gestion/login/?next={url}", 302)]


# What the administration role may change: for every other role a POST is refused and nothing happens.
STAFF_POSTS = {
    "deactivate": lambda m: (f"/gestion/cuentas/{m.target.pk}/desactivar/", {}),
    "reactivate": lambda m: (f"/gestion/cuentas/{m.target.pk}/reactivar/", {}),
    "email": lambda m: ("/gestion/cuentas/correo/", {"scope": "selected", "users": [m.target.pk]}),
}
POST_EXPECTED = {
    "admin": "302 back to the list",
    "reviewer": FORBIDDEN,
    "analyst": FORBIDDEN,
    "party": FORBIDDEN,
    "candidate": FORBIDDEN,
    "deactivated": LOGIN,
    "anonymous": LOGIN,
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(STAFF_POSTS))
def test_staff_account_changes_by_post(matrix, mailoutbox, django_capture_on_commit_callbacks, action, role):
    client = client_for(matrix, role)
    target = matrix.target
    if action == "reactivate":
        target.is_active = False
        target.save(update_fields=["is_active"])
    url, data = STAFF_POSTS[action](matrix)
    with django_capture_on_commit_callbacks(execute=True):  # the e-mail task is queued on commit
        response = client.post(url, data)
    target.refresh_from_db()
    expected = POST_EXPECTED[role]
    if expected == FORBIDDEN:
        assert response.status_code == 403
    elif expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"] == _login_redirect(url)
    else:
        assert response.status_code == 302
        assert response["Location"] == "/gestion/cuentas/"
    changed = {"deactivate": not target.is_active, "reactivate": target.is_active, "email": bool(mailoutbox)}
    assert changed[action] == (role == "admin"), (action, role)


# --------------------------------------------------------------------------------------------
# Unit level: can() for every Action × role × object, against a table written by hand
# --------------------------------------------------------------------------------------------

# Which of (no object, X, Y, Z) each role may act on. "none" is can(user, action) without an object: true
# only where the role may act on every candidacy or the action is not about one candidacy.
EVERYTHING = frozenset({"none", "x", "y", "z"})
ACTOR_A = frozenset({"x", "y"})
ONLY_X = frozenset({"x"})
NOTHING = frozenset()

EXPECTED_CAN = {
    Action.VIEW_CANDIDACY: {
        "admin": EVERYTHING,
        "reviewer": EVERYTHING,
        "analyst": EVERYTHING,
        "party": ACTOR_A,
        "candidate": ONLY_X,
    },
    Action.CAPTURE_CANDIDACY: {
        "admin": NOTHING,
        "reviewer": NOTHING,
        "analyst": NOTHING,
        "party": ACTOR_A,
        "candidate": ONLY_X,
    },
    Action.VALIDATE_CANDIDACY: {
        "admin": NOTHING,
        "reviewer": NOTHING,
        "analyst": NOTHING,
        "party": ACTOR_A,
        "candidate": NOTHING,
    },
    Action.GIVE_CONSENT: {
        "admin": NOTHING,
        "reviewer": NOTHING,
        "analyst": NOTHING,
        "party": NOTHING,
        "candidate": ONLY_X,
    },
    Action.REVIEW_CANDIDACY: {
        "admin": EVERYTHING,
        "reviewer": EVERYTHING,
        "analyst": NOTHING,
        "party": NOTHING,
        "candidate": NOTHING,
    },
    Action.REVIEW_CONSENT_FORMAT: {
        "admin": EVERYTHING,
        "reviewer": EVERYTHING,
        "analyst": NOTHING,
        "party": NOTHING,
        "candidate": NOTHING,
    },
    Action.DECIDE_REVIEW: {
        "admin": EVERYTHING,
        "reviewer": NOTHING,
        "analyst": NOTHING,
        "party": NOTHING,
        "candidate": NOTHING,
    },
    Action.MANAGE_CATALOGS: {
        "admin": EVERYTHING,
        "reviewer": NOTHING,
        "analyst": NOTHING,
        "party": NOTHING,
        "candidate": NOTHING,
    },
    Action.MANAGE_ACCOUNTS: {
        "admin": EVERYTHING,
        "reviewer": NOTHING,
        "analyst": NOTHING,
        "party": NOTHING,
        "candidate": NOTHING,
    },
    Action.VIEW_STATISTICS: {
        "admin": EVERYTHING,
        "reviewer": NOTHING,
        "analyst": EVERYTHING,
        "party": NOTHING,
        "candidate": NOTHING,
    },
    Action.VIEW_LOGIN_LOG: {
        "admin": EVERYTHING,
        "reviewer": NOTHING,
        "analyst": NOTHING,
        "party": NOTHING,
        "candidate": NOTHING,
    },
    Action.EXPORT_INSTITUTE_DATA: {
        "admin": EVERYTHING,
        "reviewer": NOTHING,
        "analyst": EVERYTHING,
        "party": NOTHING,
        "candidate": NOTHING,
    },
    Action.CONSULT_LOCKED_DATA: {
        "admin": EVERYTHING,
        "reviewer": NOTHING,
        "analyst": NOTHING,
        "party": NOTHING,
        "candidate": NOTHING,
    },
    Action.EXERCISE_ARCO: {
        "admin": NOTHING,
        "reviewer": NOTHING,
        "analyst": NOTHING,
        "party": NOTHING,
        "candidate": ONLY_X,
    },
    Action.MANAGE_ARCO: {
        "admin": EVERYTHING,
        "reviewer": NOTHING,
        "analyst": NOTHING,
        "party": NOTHING,
        "candidate": NOTHING,
    },
}
# The actions about one candidacy: candidacies_for() narrows a queryset for them (the others are unscoped).
CANDIDACY_ACTIONS = (
    Action.VIEW_CANDIDACY,
    Action.CAPTURE_CANDIDACY,
    Action.VALIDATE_CANDIDACY,
    Action.GIVE_CONSENT,
    Action.REVIEW_CANDIDACY,
    Action.REVIEW_CONSENT_FORMAT,
    Action.DECIDE_REVIEW,
    Action.EXERCISE_ARCO,
)
ROLE_VALUES = {
    "admin": Role.ADMIN,
    "reviewer": Role.REVIEWER,
    "analyst": Role.ANALYST,
    "party": Role.PARTY,
    "candidate": Role.CANDIDATE,
}
ACTOR_A_ID, ACTOR_B_ID = 10, 20
CANDIDACY_PKS = {"x": 101, "y": 102, "z": 103}
PROCESS_ID = 1  # every object of the matrix is of one process (tests/core/test_process_isolation.py: several)
PROCESS = ElectoralProcess(pk=PROCESS_ID)  # active: not archived


def unsaved_user(role: str, *, is_active: bool = True) -> User:
    return User(
        username=f"u-{role}",
        role=ROLE_VALUES[role],
        actor=PoliticalActor(pk=ACTOR_A_ID, process_id=PROCESS_ID) if role == "party" else None,
        candidacy_id=CANDIDACY_PKS["x"] if role == "candidate" else None,
        is_active=is_active,
    )


UNSAVED_CANDIDACIES = {
    "x": Candidacy(pk=CANDIDACY_PKS["x"], actor_id=ACTOR_A_ID, process=PROCESS),
    "y": Candidacy(pk=CANDIDACY_PKS["y"], actor_id=ACTOR_A_ID, process=PROCESS),
    "z": Candidacy(pk=CANDIDACY_PKS["z"], actor_id=ACTOR_B_ID, process=PROCESS),
}


def test_the_expected_table_covers_every_action_and_role():
    assert set(EXPECTED_CAN) == set(Action), "a new Action needs its row in EXPECTED_CAN"
    for action, row in EXPECTED_CAN.items():
        assert set(row) == set(ROLE_VALUES), action
    assert {role.value for role in Role} == {value.value for value in ROLE_VALUES.values()}


@pytest.mark.parametrize("role", list(ROLE_VALUES))
@pytest.mark.parametrize("action", list(Action), ids=str)
def test_can(action, role):
    user = unsaved_user(role)
    allowed = {
        "none": can(user, action),
        **{key: can(user, action, candidacy) for key, candidacy in UNSAVED_CANDIDACIES.items()},
    }
    assert {key for key, value in allowed.items() if value} == EXPECTED_CAN[action][role]


@pytest.mark.parametrize("role", list(ROLE_VALUES))
@pytest.mark.parametrize("action", list(Action), ids=str)
def test_a_deactivated_account_can_do_nothing(action, role):
    user = unsaved_user(role, is_active=False)
    assert not can(user, action)
    assert not any(can(user, action, candidacy) for candidacy in UNSAVED_CANDIDACIES.values())


@pytest.mark.parametrize("action", list(Action), ids=str)
def test_an_anonymous_visitor_can_do_nothing(action):
    assert not can(AnonymousUser(), action)
    assert not any(can(AnonymousUser(), action, candidacy) for candidacy in UNSAVED_CANDIDACIES.values())


@pytest.mark.parametrize("role", list(ROLE_VALUES))
@pytest.mark.parametrize("action", CANDIDACY_ACTIONS, ids=str)
def test_candidacies_for_and_get_candidacy_or_404_agree_with_the_table(matrix, action, role):
    user = matrix.users[role]
    expected = EXPECTED_CAN[action][role] - {"none"}
    reached = set(candidacies_for(user, action).values_list("pk", flat=True))
    assert reached == {matrix.candidacies[key].pk for key in expected}
    for key, candidacy in matrix.candidacies.items():
        assert can(user, action, candidacy) == (key in expected)
        if key in expected:
            assert get_candidacy_or_404(user, action, candidacy.pk) == candidacy
        else:
            with pytest.raises(Http404):
                get_candidacy_or_404(user, action, candidacy.pk)


@pytest.mark.parametrize("action", CANDIDACY_ACTIONS, ids=str)
def test_a_deactivated_account_reaches_no_candidacy(matrix, action):
    user = matrix.users["deactivated"]
    user.is_active = False
    assert not candidacies_for(user, action).exists()
    with pytest.raises(Http404):
        get_candidacy_or_404(user, action, matrix.candidacies["x"].pk)
