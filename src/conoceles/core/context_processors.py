from django.conf import settings


def institute(request):
    return {"institute": settings.INSTITUTE}
