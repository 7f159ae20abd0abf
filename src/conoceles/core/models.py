"""Model pieces shared by several apps."""

from django.db import models


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError(f"{self.model._meta.verbose_name_plural} are append-only: add a new row instead.")

    def delete(self):
        raise TypeError(f"{self.model._meta.verbose_name_plural} are append-only: rows are not deleted.")


class AppendOnlyModel(models.Model):
    """A log row: written once, never updated or deleted through the ORM (consent records, workflow events).
    A change is a new row; readers take the latest."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError(f"{self._meta.verbose_name_plural} are append-only: add a new row instead.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{self._meta.verbose_name_plural} are append-only: rows are not deleted.")
