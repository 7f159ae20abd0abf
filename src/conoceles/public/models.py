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


class IdentityStatisticsRelease(models.Model):
    """The public identity statistics of a process at one scheduled cut (conoceles.public.statistics): the seven
    groups, income and how many consented, small cells suppressed and every figure randomly rounded to base 5.
    Written once per cut and never changed, so that comparing the page before and after one candidacy's publication
    shows nothing (docs/estadisticas.md). Holds no figure of a suppressed cell."""

    process = models.ForeignKey(
        "elections.ElectoralProcess", on_delete=models.CASCADE, related_name="+", verbose_name="proceso electoral"
    )
    cut_at = models.DateTimeField("corte")
    computed_at = models.DateTimeField("calculadas", auto_now_add=True)
    figures = models.JSONField("cifras publicadas")

    class Meta:
        verbose_name = "corte de las estadísticas de identidad"
        verbose_name_plural = "cortes de las estadísticas de identidad"
        ordering = ["process", "-cut_at"]
        constraints = [models.UniqueConstraint(fields=["process", "cut_at"], name="identity_release_once_per_cut")]

    def __str__(self):
        return f"{self.process_id} · corte {self.cut_at:%Y-%m-%d %H:%M}"


class VisitFlush(models.Model):
    """The last time the visits counted in the cache were moved to DailyVisit (one row, pk 1): staff see it next to
    the visits, so they know how current the figures are. Written by conoceles.public.visits.flush_visits."""

    flushed_at = models.DateTimeField("registradas hasta")
    visits = models.PositiveIntegerField("visitas registradas en esa vez", default=0)

    class Meta:
        verbose_name = "registro de visitas"
        verbose_name_plural = "registros de visitas"

    def __str__(self):
        return f"{self.flushed_at:%Y-%m-%d %H:%M} · {self.visits}"
