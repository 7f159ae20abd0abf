"""Saving the process settings. Each change is recorded by django-simple-history (who and when: the request's user,
via HistoryRequestMiddleware) and, when the public site shows or depends on it, announced (conoceles.changes)."""

from django.db import transaction

from conoceles.changes import Reason, rows_changed

PUBLICATION_WINDOW = frozenset({"publication_start", "publication_end"})


@transaction.atomic
def save_process_dates(dates_form, windows_formset) -> bool:
    """Save the process's dates and the cargos' publication windows (both forms valid). Returns whether anything
    changed."""
    process = dates_form.instance
    changed_cargos = [form.save() for form in windows_formset.forms if form.has_changed()]
    if dates_form.has_changed():
        dates_form.save()
        rows_changed(process, changed_fields=dates_form.changed_data, reason=Reason.ADMIN)
    if changed_cargos:
        rows_changed(*changed_cargos, changed_fields=PUBLICATION_WINDOW, reason=Reason.ADMIN)
    return dates_form.has_changed() or bool(changed_cargos)


@transaction.atomic
def save_capture_rules(form) -> bool:
    """Save the capture rules (the form valid); the public site reads their catalogs and limits."""
    if not form.has_changed():
        return False
    rules = form.save()
    rows_changed(rules, changed_fields=form.changed_data, reason=Reason.ADMIN)
    return True


@transaction.atomic
def save_review_rules(form) -> bool:
    """Save the review rules (the form valid): the public site does not show them, nothing to announce."""
    if not form.has_changed():
        return False
    form.save()
    return True
