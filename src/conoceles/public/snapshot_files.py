"""The public site as files (conoceles.snapshot builds them): where the file of each public URL lives, and how a
page's links become relative so the files work from any host or CDN path.

SNAPSHOT_ROOT/current is a symlink to the build being served (SNAPSHOT_ROOT/builds/<name>); a URL ending in "/"
is the file index.html of that folder, any other URL the file of that name: `/candidatura/7/` →
`candidatura/7/index.html`, `/candidatura/7/foto.jpg` → `candidatura/7/foto.jpg`.
"""

import os
import re
import tempfile
from pathlib import Path

from django.conf import settings

from .version import publication_version

# A link of a page to this site (href="/…", src, action, data-*), not one to another host ("//…").
_SITE_LINK = re.compile(r'(\s(?:href|src|action|data-[a-z-]+)=")/(?!/)([^"]*)"')


def root() -> Path:
    return Path(settings.SNAPSHOT_ROOT)


def current() -> Path | None:
    """The folder of the snapshot being served, or None when none was built."""
    link = root() / "current"
    return link.resolve() if link.is_dir() else None


def file_for(url_path: str) -> Path:
    """The relative path of the file of `url_path` (an absolute path of the site, without query)."""
    assert url_path.startswith("/") and ".." not in url_path.split("/"), url_path
    relative = url_path.lstrip("/")
    return Path(relative + "index.html" if url_path.endswith("/") else relative)


def relative_links(html: str, url_path: str) -> str:
    """`html` of the page at `url_path` with every link to this site made relative to that page's folder."""
    up = "../" * url_path[1:].count("/")

    def relative(match):
        target = up + match.group(2)
        return f'{match.group(1)}{target or "./"}"'

    return _SITE_LINK.sub(relative, html)


def write_atomically(path: Path, content: bytes) -> None:
    """Write through a temporary file and a rename: a reader sees the old file or the new one, never half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def keep_profile_pdf(pk: int, content: bytes, rendered_at_version: int) -> bool:
    """Keep a profile's PDF, rendered on its first request, beside the profile's page in the snapshot, so the next
    request is a file (WeasyPrint renders a few PDFs a second). Only while the page itself is there (a change of
    the candidacy removes the folder, its PDF with it, before anything else) and only when no published data
    changed while it was rendered (`rendered_at_version`, the publication version read before)."""
    folder = current()
    if folder is None or publication_version() != rendered_at_version:
        return False
    page = folder / file_for(f"/candidatura/{pk}/")
    if not page.is_file():
        return False
    write_atomically(page.parent / "ficha.pdf", content)
    return True
