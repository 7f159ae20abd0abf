"""Gestión (the Django admin) is for exceptional edits, fully in Spanish: every changelist and add page is walked and
no English admin words or app labels remain; a candidacy is never deleted there (substitution and cancellation are
the ways out)."""

import re

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db

# Labels of Django's and the third-party apps' admin in English, and Django admin words left untranslated.
ENGLISH = [
    "AXES",
    "OTP_TOTP",
    "DJANGO_OTP",
    "TASKS DATABASE BACKEND",
    "django_tasks_db",
    "Access attempts",
    "Access attempt",
    "Access logs",
    "Access log",
    "Access failures",
    "Access failure",
    "TOTP devices",
    "TOTP device",
    "Static devices",
    "Authentication and Authorization",
    "Groups",
    "Sessions",
    "Tasks",
    "Db task results",
    "DB task results",
    "Task results",
    "Historical",
    "Add another",
    "Save and",
    "Select ",
    "to change",
    "Filter",
    "Search",
    "History",
    "Log out",
    "View site",
    "Welcome",
    "Action:",
    "Show all",
    "Recent actions",
    "My actions",
    "Delete",
    "Change ",
    "Add ",
    "Yes",
    "Unknown",
    "Any date",
    "Today",
    "Past 7 days",
    "This month",
    "This year",
    "user agent",
    "Attempt time",
    "IP address",
    "Username",
    "Path info",
    "Get data",
    "Post data",
    "Failures",
    "Logout time",
    "Login time",
    "Name",
    "Confirmed",
    "Status",
    "Created",
    "Enqueued",
    "Finished",
    "Priority",
    "Queue name",
    "Backend name",
    "Task path",
    "Run after",
    "Return value",
    "Exception",
    "Traceback",
    "Object",
    "Changed by",
    "Change reason",
    "Changes",
    "Comment",
    "Date/time",
    "entries",
    "entry",
    "Revert",
    "View",
    "Close",
    "Change History",
    "doesn't",
    "Choose a date",
    "Get full name",
    "User",
    "None",
]
ENGLISH_WORDS = re.compile("|".join(rf"(?<![\w-]){re.escape(word)}(?![\w-])" for word in ENGLISH))


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    texts = re.sub(r"<[^>]+>", " ", html)
    attributes = " ".join(re.findall(r'(?:title|placeholder|aria-label|value)="([^"]*)"', html))
    return re.sub(r"\s+", " ", f"{texts} {attributes}")


def admin_pages():
    """Every registered model's list, add page and the change (or view) and history pages of its first row."""
    for model in admin.site._registry:
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        yield reverse(f"{name}_changelist")
        yield reverse(f"{name}_add")
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            yield reverse(f"{name}_change", args=[first.pk])
            yield reverse(f"{name}_history", args=[first.pk])
    for app_label in {model._meta.app_label for model in admin.site._registry}:
        yield reverse("admin:app_list", args=[app_label])
    yield reverse("admin:index")


def test_every_admin_page_is_in_spanish(admin_client, candidacy, admin_user):
    TOTPDevice.objects.create(user=admin_user, name="Teléfono", confirmed=True)
    DBTaskResult.objects.create(
        task_path="conoceles.snapshot.tasks.build", backend_name="default", run_after=timezone.now(), args_kwargs={}
    )
    found = {}
    for url in admin_pages():
        response = admin_client.get(url)
        if response.status_code == 403:  # an add page the admin does not offer
            continue
        assert response.status_code == 200, url
        words = set(ENGLISH_WORDS.findall(visible_text(response.content.decode())))
        if words:
            found[url] = sorted(words)
    assert not found, "\n".join(f"{url}: {words}" for url, words in found.items())


def test_gestion_never_deletes_a_candidacy(admin_client, candidacy):
    delete_url = reverse("admin:candidacies_candidacy_delete", args=[candidacy.pk])
    assert admin_client.get(delete_url).status_code == 403
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 403
    changelist = admin_client.get(reverse("admin:candidacies_candidacy_changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist
    selected = admin_client.post(
        reverse("admin:candidacies_candidacy_changelist"),
        {"action": "delete_selected", "_selected_action": [candidacy.pk], "post": "yes"},
    )
    assert selected.status_code in (200, 302)
    change = admin_client.get(reverse("admin:candidacies_candidacy_change", args=[candidacy.pk])).content.decode()
    assert delete_url not in change
    assert type(candidacy).objects.filter(pk=candidacy.pk).exists()


def test_a_delete_confirmation_does_not_guess_the_gender(admin_client, world):
    contest = world.contests["PM_BJ"]
    page = visible_text(
        admin_client.get(reverse("admin:elections_contest_delete", args=[contest.pk])).content.decode()
    )
    assert f"¿Seguro que quiere eliminar «{contest.name}» (contienda)?" in page
    assert "el contienda" not in page
