"""The authorisation matrix (issue 15): every URL pattern of the URLconf, walked from
``get_resolver()`` (the admin's and allauth's included), requested as every role, with
the status each role must get written in ONE table below. A URL added without a row
fails ``test_every_url_pattern_has_a_row``; a row whose URL is gone fails too.

Statuses: ``200``, ``L`` (a redirect to a login page, the site's or the admin's), ``R``
(any other redirect), ``400``, ``403``, ``404``, ``405`` (the URL takes POST only). Every
URL is requested with GET: what a role may *see*; POST-only actions answer 405 to all
and their permission checks are the services' own tests.

The admin's per-model URLs (list, add, change, history, delete and the old change
address) follow one generated rule from ``ADMIN_MODELS``: who may view, add and delete
each model; staff without the right get 403, everyone else the admin login.

The data is the demo (loaded once for the module, inside a transaction rolled back at
the end) plus tests/authorisation_world.py; people come from tests/roles.py.
"""

import logging
import os
import re
import time
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.roles import ROLES, sign_in

pytestmark = pytest.mark.long_file

# --- THE TABLE ---------------------------------------------------------------------------
# Columns, in order: visitor, patient, other_patient, applicant, doctor, expired_doctor,
# editor, writer, verifier, moderator, superuser.
ALL = "200 200 200 200 200 200 200 200 200 200 200"
SIGNED_IN = "L 200 200 200 200 200 200 200 200 200 200"
POST_ONLY = "405 405 405 405 405 405 405 405 405 405 405"
SIGNED_IN_POST = "L 405 405 405 405 405 405 405 405 405 405"
STAFF_ADMIN = "L L L L L L 200 200 200 200 200"
HEALTH = " ".join(["200/503"] * 11)  # a/b: either is right

MATRIX: dict[str, str] = {
    "home": ALL,
    "robots_txt": ALL,
    "healthz": HEALTH,  # 503 where Redis does not answer: the same for everyone
    "livez": ALL,  # the load balancer's check: the process answers
    "csrf_token": ALL,  # a token for a form on a stored public page, never stored itself
    "csp_report": POST_ONLY,
    "sitemap": ALL,
    "sitemap_section": ALL,
    "account_login": "200 R R R R R R R R R R",
    "account_logout": "R 200 200 200 200 200 200 200 200 200 200",
    "account_inactive": ALL,
    "account_signup": "200 R R R R R R R R R R",
    "account_reauthenticate": SIGNED_IN,
    "account_email": SIGNED_IN,
    "account_email_verification_sent": ALL,
    "account_change_password": SIGNED_IN,
    "account_set_password": "L R R R R R R R R R R",
    "account_reset_password": ALL,
    "account_confirm_login_code": "L R R R R R R R R R R",
    "account_confirm_email": ALL,
    "account_reset_password_from_key_done": ALL,
    "account_reset_password_from_key": ALL,
    "account_reset_password_done": ALL,
    "usersessions_list": SIGNED_IN,
    "account_verification_resend": POST_ONLY,
    # Two-factor (allauth.mfa). Staff have an authenticator app already (tests.factories),
    # so activating one again sends them on; patients are asked for their password first.
    "mfa_index": SIGNED_IN,
    "mfa_authenticate": "L R R R R R R R R R R",
    "mfa_reauthenticate": "L R R R R R 200 200 200 200 200",
    "mfa_activate_totp": "L R R R R R R R R R R",
    "mfa_deactivate_totp": "L 404 404 404 404 404 R R R R R",
    "mfa_view_recovery_codes": "L 404 404 404 404 404 404 404 404 404 404",
    "mfa_generate_recovery_codes": "L R R R R R R R R R R",
    "mfa_download_recovery_codes": "L 404 404 404 404 404 404 404 404 404 404",
    "patients:account": SIGNED_IN,
    "patients:preferences": SIGNED_IN,
    "patients:export": SIGNED_IN,
    "patients:export_download": "L 200 404 404 404 404 404 404 404 404 404",
    "patients:delete": SIGNED_IN,
    "patients:logout_everywhere": SIGNED_IN_POST,
    "notifications:list": SIGNED_IN,
    "notifications:open": "L R 404 404 404 404 404 404 404 404 404",  # the recipient's own only
    "notifications:unsubscribe": ALL,
    "notifications:read_all": SIGNED_IN_POST,
    "doctors:apply": "L 200 200 200 R R 200 200 200 200 200",
    "doctors:profile_edit": "L 403 403 403 200 403 403 403 403 403 403",
    "doctors:reconfirm": "L 403 403 403 403 200 403 403 403 403 403",
    "doctors:verification_queue": "403 403 403 403 403 403 403 403 200 403 200",
    "doctors:verification_detail": "403 403 403 403 403 403 403 403 200 403 200",
    "doctors:document": "403 403 403 403 403 403 403 403 200 403 200",
    "admin:index": STAFF_ADMIN,
    # Sent to the one login form (allauth's, with its limits and second factor); signed-in
    # accounts without the admin are refused rather than looped through the login page.
    "admin:login": "L 403 403 403 403 403 R R R R R",
    "admin:logout": "R R R R R R 405 405 405 405 405",
    "admin:password_change": STAFF_ADMIN,
    "admin:password_change_done": STAFF_ADMIN,
    "admin:autocomplete": "L L L L L L 403 403 403 403 403",
    "admin:jsi18n": STAFF_ADMIN,
    "admin:view_on_site": "L L L L L L R R R R R",
    # moderators holding the permission, superusers
    "admin:notifications_outbox": "L L L L L L 403 403 403 403 200",
    "admin:app_list": "L L L L L L 200 200 404 404 200",
    "admin/(?P<url>.*)$": "L L L L L L 404 404 404 404 404",
    "blog:index": ALL,
    "blog:feed": ALL,
    "blog:feed_atom": ALL,
    "blog:category": ALL,
    "blog:author": ALL,
    "blog:preview": "L 403 403 403 200 403 200 200 403 403 200",
    "blog:review": "L 403 403 403 200 403 403 403 403 403 403",
    "blog:approve": SIGNED_IN_POST,
    "blog:request_changes": SIGNED_IN_POST,
    "blog:article": ALL,
    "policies:page": ALL,
    "moderation:report": ALL,
    "moderation:queue": "L 403 403 403 403 403 403 403 403 200 200",
    "moderation:peer_note": "L 403 404 404 403 404 404 404 404 403 403",
    "moderation:item": "L 403 403 403 403 403 403 403 403 200 200",
    "moderation:action": SIGNED_IN_POST,
    "consultations:choose": ALL,
    "consultations:time_zone": POST_ONLY,
    "consultations:slots": ALL,
    "consultations:hold": SIGNED_IN_POST,
    "consultations:mine": SIGNED_IN,
    "consultations:booking": "L 200 404 404 200 404 404 404 404 404 404",
    "consultations:confirm": SIGNED_IN_POST,
    "consultations:decline": SIGNED_IN_POST,
    "consultations:cancel": SIGNED_IN_POST,
    "consultations:move": "L 200 404 404 200 404 404 404 404 404 404",
    "consultations:chat": SIGNED_IN_POST,
    "consultations:desk": "L 403 403 403 200 403 403 403 403 403 403",
    "consultations:availability": "L 403 403 403 200 403 403 403 403 403 403",
    "consultations:enquiries": SIGNED_IN,
    "consultations:enquiry_new": SIGNED_IN,
    "consultations:enquiry": "L 200 404 404 404 404 404 404 404 404 404",
    "consultations:quote_accept": SIGNED_IN_POST,
    # the patient and care coordinators (superuser)
    "consultations:report": "404 200 404 404 404 404 404 404 404 404 200",
    "consultations:quote_desk": "L 403 403 403 403 403 403 403 403 403 200",
    "consultations:desk_enquiry": "L 403 403 403 403 403 403 403 403 403 200",
    "consultations:desk_quote": SIGNED_IN_POST,
    "consultations:desk_quote_publish": SIGNED_IN_POST,
    "search:search": ALL,
    "search:suggest": ALL,
    "questions:ask": ALL,
    "questions:dashboard": "L 403 403 200 200 200 403 403 403 403 403",
    "questions:list": ALL,
    "questions:mine": SIGNED_IN,
    "questions:similar": POST_ONLY,
    "questions:specialty": ALL,
    # sends readers on; a missing-looking 404 to others
    "questions:short": "404 R 404 404 R 404 404 404 404 R R",
    # asker, verified doctors, moderators
    "questions:private": "404 200 404 404 200 404 404 404 404 200 200",
    "questions:thank": SIGNED_IN_POST,
    "questions:agree": SIGNED_IN_POST,
    "questions:answer": SIGNED_IN_POST,
    "questions:attach": SIGNED_IN_POST,
    "questions:resolve": SIGNED_IN_POST,
    # asker, verified doctors, moderators
    "questions:attachment": "L 200 404 404 200 404 404 404 404 200 200",
    "questions:attachment_thumbnail": "L 200 404 404 200 404 404 404 404 200 200",
    "questions:follow_up": SIGNED_IN_POST,
    "questions:follow_up_reply": SIGNED_IN_POST,
    # a private question's old address: its asker only
    "questions:detail": "404 R 404 404 404 404 404 404 404 404 404",
    "directory:hospitals": ALL,
    "directory:hospitals_treatment": ALL,
    "directory:hospitals_treatment_city": ALL,
    "directory:clinic": ALL,
    "directory:top_doctors": ALL,
    "directory:doctor": ALL,
    "directory:cost_index": ALL,
    "directory:cost": ALL,
    "^media/(?P<path>.*)$": "404 404 404 404 404 404 404 404 404 404 404",
}

# Who may use each admin model: view (list, change page read-only or not, history), add,
# delete. Roles not listed get 403 if they are staff, the admin login otherwise.
STAFF_ROLES = {"editor", "writer", "verifier", "moderator", "superuser"}
EDITORS = {"editor", "writer", "superuser"}
SUPERUSER = {"superuser"}
ADMIN_MODELS: dict[str, dict[str, set[str]]] = {
    "auth.group": {"view": SUPERUSER, "add": SUPERUSER, "delete": SUPERUSER},
    "account.emailaddress": {"view": SUPERUSER, "add": SUPERUSER, "delete": SUPERUSER},
    "accounts.user": {"view": SUPERUSER, "add": SUPERUSER, "delete": SUPERUSER},
    "mfa.authenticator": {"view": SUPERUSER, "add": SUPERUSER, "delete": SUPERUSER},
    # The audit log is read-only, even for superusers.
    "accounts.auditlogentry": {"view": SUPERUSER, "add": set(), "delete": set()},
    "usersessions.usersession": {"view": SUPERUSER, "add": SUPERUSER, "delete": SUPERUSER},
    # Editors keep the directory's vocabulary; specialties are the portal's own.
    "taxonomy.specialty": {"view": EDITORS, "add": SUPERUSER, "delete": SUPERUSER},
    "taxonomy.country": {"view": EDITORS, "add": EDITORS, "delete": SUPERUSER},
    "taxonomy.city": {"view": EDITORS, "add": EDITORS, "delete": SUPERUSER},
    "taxonomy.treatment": {"view": EDITORS, "add": EDITORS, "delete": SUPERUSER},
    # Patients' emails beside links: moderators holding the view permission (the demo
    # moderator holds none) and superusers, every look audited.
    "notifications.notification": {"view": SUPERUSER, "add": SUPERUSER, "delete": SUPERUSER},
    # Policies change through new versions, never by deleting the page.
    "policies.policypage": {"view": SUPERUSER, "add": SUPERUSER, "delete": set()},
    # Applications: verifiers (and superusers) only; a profile starts as an application.
    "doctors.doctorprofile": {
        "view": {"verifier", "superuser"},
        "add": set(),
        "delete": SUPERUSER,
    },
    "blog.authorprofile": {"view": EDITORS, "add": EDITORS, "delete": SUPERUSER},
    # Articles are unpublished, not deleted (superusers only).
    "blog.article": {"view": EDITORS, "add": EDITORS, "delete": SUPERUSER},
    "directory.clinic": {"view": EDITORS, "add": EDITORS, "delete": EDITORS},
    "directory.costentry": {"view": EDITORS, "add": EDITORS, "delete": EDITORS},
}
# ------------------------------------------------------------------------------------------

ADMIN_MODEL_VIEWS = ("changelist", "add", "change", "history", "delete", "legacy_change")


@dataclass(frozen=True)
class Url:
    key: str  # the row's name in MATRIX: the URL's name, or its route when it has none
    path: str


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else None
            yield prefix + str(pattern.pattern), name


def url_patterns() -> list[tuple[str, str | None]]:
    """(route, name) of every pattern in the URLconf, the admin's and allauth's too."""
    return list(_walk(get_resolver().url_patterns))


def _admin_model_key(model, view: str) -> str:
    return f"admin model {model._meta.label_lower} {view}"


def _admin_model_routes() -> dict[str, tuple]:
    """Every URL pattern a registered ModelAdmin serves, by route: (model, view)."""
    routes = {}
    for model, model_admin in admin.site._registry.items():
        base = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        for pattern in model_admin.urls:
            route = base + str(pattern.pattern)
            name = pattern.name or ""
            view = next((v for v in ADMIN_MODEL_VIEWS if name.endswith(f"_{v}")), None)
            if view is None and not name:
                view = "legacy_change"
            if view is not None:  # a ModelAdmin's own extra URL has a MATRIX row
                routes[route] = (model, view, f"admin:{name}" if name else None)
    return routes


def _expected_admin(model, view: str, role: str) -> str:
    access = ADMIN_MODELS[model._meta.label_lower]
    if view == "legacy_change":  # a redirect to the change page, for staff
        return "R" if role in STAFF_ROLES else "L"
    needed = {"add": "add", "delete": "delete"}.get(view, "view")
    if role in access[needed]:
        return "200"
    return "403" if role in STAFF_ROLES else "L"


def classify(response) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        return "L" if re.search(r"/login/(\?|$)", location) else "R"
    return str(response.status_code)


# --- the data, once for the module ---------------------------------------------------------
@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix-files")


@pytest.fixture
def file_roots(settings, media_root):
    """Overrides tests/conftest.py's: the module's files live in one folder."""
    settings.MEDIA_ROOT = str(media_root / "media")
    settings.PRIVATE_MEDIA_ROOT = str(media_root / "private")
    return media_root


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, media_root):
    from tests.authorisation_world import build_world, url_kwargs

    with (
        django_db_blocker.unblock(),
        override_settings(
            MEDIA_ROOT=str(media_root / "media"),
            PRIVATE_MEDIA_ROOT=str(media_root / "private"),
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            CELERY_TASK_ALWAYS_EAGER=False,
        ),
        transaction.atomic(),
    ):
        built = build_world()
        built.kwargs = url_kwargs(built)
        yield built
        transaction.set_rollback(True)


def _requests(world) -> list[tuple[Url, object]]:
    """Each URL to request, with its expectation source: a MATRIX key, or (model, view)
    for the admin's per-model URLs."""
    admin_routes = _admin_model_routes()
    requests = []
    for route, name in url_patterns():
        if route in admin_routes:
            model, view, _ = admin_routes[route]
            obj = world.admin_objects[model]
            if view in ("changelist", "add"):
                path = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")
            elif view == "legacy_change":
                path = route.replace("<path:object_id>", str(obj.pk))
            else:
                path = reverse(
                    f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}",
                    args=[obj.pk],
                )
            requests.append(
                (Url(_admin_model_key(model, view), "/" + path.lstrip("/")), (model, view))
            )
            continue
        key = name or route
        if name:
            path = reverse(name, kwargs=world.kwargs.get(name, {}))
        else:
            path = "/" + UNNAMED_PATHS.get(route, route)
        requests.append((Url(key, path), key))
    return requests


# Unnamed patterns outside the per-model admin URLs: the address requested for each.
UNNAMED_PATHS = {
    "admin/(?P<url>.*)$": "admin/no-such-page/",
    "^media/(?P<path>.*)$": "media/no-such-file.png",
}


def test_every_url_pattern_has_a_row():
    admin_routes = _admin_model_routes()
    keys = {name or route for route, name in url_patterns() if route not in admin_routes}
    missing = sorted(keys - MATRIX.keys())
    stale = sorted(MATRIX.keys() - keys)
    models = {model._meta.label_lower for model in admin.site._registry}
    assert not missing, f"URL patterns without a row in MATRIX: {missing}"
    assert not stale, f"MATRIX rows for URLs that no longer exist: {stale}"
    assert models == ADMIN_MODELS.keys(), (
        f"ADMIN_MODELS must list every admin model: missing {sorted(models - ADMIN_MODELS.keys())},"
        f" stale {sorted(ADMIN_MODELS.keys() - models)}"
    )
    for key, row in MATRIX.items():
        assert len(row.split()) == len(ROLES), f"{key}: {len(row.split())} columns"


@pytest.fixture
def _quiet_refusals():
    """Each 403/404/405 logs a warning with a traceback: thousands of them here. Errors
    (a 500) still log."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    yield
    logger.setLevel(level)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.usefixtures("_quiet_refusals")
def test_authorisation_matrix(client, world, role):
    sign_in(client, world.users[role])
    column = ROLES.index(role)
    discover = os.environ.get("MATRIX_DISCOVER")
    wrong = []
    for url, source in _requests(world):
        if isinstance(source, tuple):
            expected = _expected_admin(*source, role) if not discover else "?"
        else:
            row = MATRIX.get(source)
            expected = row.split()[column] if row else "?"
        started = time.perf_counter()
        actual = classify(client.get(url.path))
        if discover:
            took = time.perf_counter() - started
            print(f"\nDISCOVER\t{url.key}\t{role}\t{actual}\t{url.path}\t{took:.3f}")
        elif actual not in expected.split("/"):
            wrong.append(f"{url.key} ({url.path}): expected {expected}, got {actual}")
    assert not wrong, f"{role}:\n" + "\n".join(wrong)
