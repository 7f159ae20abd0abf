"""Aggregate visits to the public site (DOMAIN.md §9): a count per day and page type, nothing about the visitor."""

from django.db import models
from django.db.models import Q


class DailyVisit(models.Model):
    """How many times a page type (the URL name: home, search, profile, …) was shown on one day. Written only by
    conoceles.public.visits.flush_visits from the counters kept in the cache; no IP, cookie or identifier."""

    day = models.DateField("día")
    page = models.CharField("página", max_length=40)
    count = models.PositiveIntegerField("visitas", default=0)

    class Meta:
        verbose_name = "visitas de un día"
        verbose_name_plural = "visitas por día"
        ordering = ["-day", "page"]
        constraints = [
            models.UniqueConstraint(fields=["day", "page"], name="daily_visit_unique"),
            models.CheckConstraint(condition=~Q(page=""), name="daily_visit_has_page"),
        ]

    def __str__(self):
        return f"{self.day} · {self.page} · {self.count}"
