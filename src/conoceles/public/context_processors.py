from .archive import has_public_archive


def public_archive(request):
    """Whether the public footer links the archive of earlier processes: a callable, so that only pages that show
    the footer ask, and kept in the cache (conoceles.public.archive), so that asking costs no query."""
    return {"has_public_archive": has_public_archive}
