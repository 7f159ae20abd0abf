"""Test harness shared by the whole suite.

Order matters here: pytest-django imports ``conoceles.settings`` (in its
``pytest_load_initial_conftests`` hook) *before* pytest imports this file, so an environment
variable set below is too late for settings.py itself. Each setting the suite needs is therefore
applied twice: as an environment variable (for subprocesses such as ``manage.py`` run from a
test) and directly on the loaded settings (for this process).
"""

import os

# Playwright's sync API runs an event loop in the main thread; Django would otherwise refuse ORM
# calls made from a browser test ("You cannot call this from an async context").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# argon2 is deliberately slow; settings.py switches to MD5 when this is set. Set
# FAST_PASSWORD_HASHER=0 to run the suite with the production hashers.
os.environ.setdefault("FAST_PASSWORD_HASHER", "1")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

# Registered once for the whole suite (saleor's root conftest does the same): a test names a fixture of these modules
# and gets it, without importing it. tests/README.md lists them.
pytest_plugins = [
    "tests.change_guard",
    "tests.fixtures.world",
    "tests.fixtures.accounts",
    "tests.fixtures.questionnaires",
]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() == "true"


# --------------------------------------------------------------------------------------------
# Session set-up
# --------------------------------------------------------------------------------------------


def _redis_database_per_xdist_worker(settings) -> None:
    """Tests clear the cache, and clearing a Redis cache empties its whole database: with `pytest -n N` each worker
    gets a database of its own (the configured number plus the worker's), so one worker never empties another's."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    location = settings.CACHES["default"].get("LOCATION", "")
    if not worker.startswith("gw") or not str(location).startswith("redis://"):
        return
    base, _, database = location.rpartition("/")
    number = (int(database or 0) + int(worker[2:]) + 1) % 16
    settings.CACHES = {**settings.CACHES, "default": {**settings.CACHES["default"], "LOCATION": f"{base}/{number}"}}


def pytest_configure(config):
    # Noise that says nothing about this project: WhiteNoise warns that STATIC_ROOT (filled by
    # collectstatic, never in tests) is missing; pytest-playwright's own base_url fixture trips a
    # pytest 9 deprecation.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")
    config.addinivalue_line(
        "filterwarnings",
        "ignore:(?s)Session-scoped fixtures defined as instance methods.*'base_url' fixture"
        ":pytest.PytestRemovedIn10Warning",
    )

    from django.conf import settings

    _redis_database_per_xdist_worker(settings)
    fast = os.environ["FAST_PASSWORD_HASHER"].strip().lower() in {"1", "true", "yes", "on"}
    if settings.configured and fast and settings.PASSWORD_HASHERS != FAST_HASHERS:
        from django.contrib.auth import hashers

        settings.PASSWORD_HASHERS = FAST_HASHERS
        hashers.get_hashers.cache_clear()
        hashers.get_hashers_by_algorithm.cache_clear()


@pytest.fixture(autouse=True)
def _second_factor_off_unless_asked(settings, request):
    """Most tests sign in with force_login; TOTP is tested where a test asks for it with
    @pytest.mark.two_factor (the setting's production default is on for institute roles)."""
    if request.node.get_closest_marker("two_factor") is None:
        settings.TWO_FACTOR_ROLES = []
    else:
        settings.TWO_FACTOR_ROLES = ["admin", "reviewer", "analyst"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the public site's page cache (conoceles.public.caching) and visit
    counters must not carry one test's pages into the next (a rolled-back database sends no signal)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _media_in_tmp_path(settings, tmp_path):
    """Uploads and generated files go to a per-test directory, never into the repository's var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    settings.OPEN_DATA_ROOT = tmp_path / "datos-abiertos"
    settings.SNAPSHOT_ROOT = tmp_path / "sitio"  # no test updates a snapshot it did not build
    settings.SNAPSHOT_WORKERS = 1  # a worker process would open the settings' database, not the test database


# --------------------------------------------------------------------------------------------
# Browser tests (pytest-playwright with Debian's chromium; Playwright's own download is impossible)
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [*browser_type_launch_args.get("args", []), *CHROMIUM_ARGS],
        "headless": browser_type_launch_args.get("headless", True),
    }


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    if item.get_closest_marker("browser") is None or CHROMIUM.exists():
        return
    if in_ci():
        pytest.fail(f"{CHROMIUM} is missing and CI=true: browser tests must run in CI (apt-get install chromium)")
    pytest.skip(f"browser test: {CHROMIUM} not found (install it with: apt-get install chromium)")


# --------------------------------------------------------------------------------------------
# No skipping in CI: under CI=true a run with any skipped test exits non-zero.
# --------------------------------------------------------------------------------------------

_skipped: list[str] = []  # "node id: reason" of every skip this session saw


def _record_skip(report):
    # An xfail is reported as "skipped" with ``wasxfail`` set; it is an expected failure, not a skip.
    if report.skipped and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        _skipped.append(f"{report.nodeid or '(collection)'}: {reason}")


def pytest_runtest_logreport(report):
    # On an xdist controller the workers' reports arrive here too.
    _record_skip(report)


def pytest_collectreport(report):
    # A module-level pytest.skip()/importorskip() skips every test in it.
    _record_skip(report)


def _is_xdist_worker(config) -> bool:
    return hasattr(config, "workerinput")


def pytest_sessionfinish(session, exitstatus):
    if in_ci() and _skipped and not _is_xdist_worker(session.config) and exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if in_ci() and _skipped and not _is_xdist_worker(config):
        terminalreporter.section("skipped tests are failures under CI=true", sep="=", red=True, bold=True)
        for line in _skipped:
            terminalreporter.line(line, red=True)
        terminalreporter.line(
            f"{len(_skipped)} test(s) skipped: CI must run every test, so this session fails.", red=True
        )


# --------------------------------------------------------------------------------------------
# Shared fixtures live in tests/fixtures/ (registered above by pytest_plugins), factories and
# `build_world` in tests/factories.py. A fixture that several apps' tests use goes in a module
# of tests/fixtures/ (add the module to pytest_plugins); one that a single test module uses stays
# in that module, under a name no shared fixture has.
# --------------------------------------------------------------------------------------------
