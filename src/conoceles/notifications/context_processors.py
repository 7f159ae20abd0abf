from django.utils.functional import SimpleLazyObject


def unread_notifications(request):
    """`unread_notifications`: how many unread notices the signed-in user has (counted only if a page shows it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: user.notifications.filter(read_at__isnull=True).count())}
