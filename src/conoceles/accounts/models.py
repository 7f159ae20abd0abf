from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """The project's own user model from the first migration; roles and scopes grow here."""

    class Meta:
        verbose_name = "usuario"
        verbose_name_plural = "usuarios"
