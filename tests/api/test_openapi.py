"""The API against its own OpenAPI document, as a property (schemathesis): whatever parameters the document allows
or forbids, the API never fails (no 5xx), answers only the statuses and content types the document lists, and every
answer matches the document's schema. Run over a small election with published data, deterministic and bounded."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from conoceles.candidacies.models import Position
from conoceles.opendata.models import OpenDataRelease
from tests.public.profile_data import consent, fill
from tests.public.published import answer

from .helpers import published, url

pytestmark = pytest.mark.django_db

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]



def as_the_test_client_runs_it(app):
    """The WSGI application without Django's closing of database connections at each request's end, as the test
    client runs it: the test's transaction (its data, on PostgreSQL its connection) must outlive every request."""

    def application(environ, start_response):
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
        try:
            result = app(environ, start_response)
            try:
                return [b"".join(result)]
            finally:
                result.close()  # sends request_finished, while it closes nothing
        finally:
            for signal in (request_started, request_finished):
                signal.connect(close_old_connections)

    return application


# Loaded as a client loads it: GET /api/v1/openapi.json from the application.
schema = schemathesis.openapi.from_wsgi(url("openapi-json"), as_the_test_client_runs_it(get_wsgi_application()))


@pytest.fixture
def election(world, questions, settings):
    """Published candidacies with a fórmula partner, photos, observed rubros, identity answers and consent, and an
    open-data release: every answer of the API has something in it."""
    settings.API_RATE_LIMIT = "0"  # hundreds of requests from one address
    world.open_publication()
    owner = published(world, "MR1", "PAN", formula_number=1, first_name="Ana", affirmative_action="youth")
    fill(owner)
    partner = published(world, "MR1", "PAN", formula_number=1, position=Position.ALTERNATE, first_name="Berta")
    observed = published(world, "PM_OPB", "SHH", first_name="Carla", hidden_rubros=("proposals", "general"))
    answer(observed, 11)
    consent(observed, True, item=3)
    OpenDataRelease.objects.create(
        process=world.process,
        name="2027-05-01",
        data_date="2027-05-01",
        zip_name="conoceles-2027-05-01.zip",
        size=100,
        sha256="0" * 64,
        candidacies=3,
        files=[{"name": "candidaturas.csv", "size": 10, "sha256": "1" * 64}],
        changes={"previous": None, "added": 3, "removed": 0, "changed": {}},
    )
    return {"process_id": world.process.pk, "candidacy_id": owner.pk, "partner": partner, "section": "101"}


# The WSGI client does not decompress: the answers are read as sent to a client that does not take gzip.
PLAIN = {"Accept-Encoding": "identity"}


@schema.parametrize()
@settings(
    max_examples=10,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_answer_is_what_the_document_says(case, election):
    # ids as generated: mostly refusals, which must match the document too
    case.call_and_validate(checks=CHECKS, headers=PLAIN)
    if case.path_parameters:
        # The same parameters on the election's own process and candidacy: answers with data.
        case.path_parameters = {name: election[name] for name in case.path_parameters}
        case.call_and_validate(checks=CHECKS, headers=PLAIN)


def test_every_operation_with_data_matches_the_document(election):
    """Deterministic companion: each operation with valid parameters answers 200 and its schema."""
    queries = {
        "/api/v1/processes/{process_id}/ballot": {"seccion": election["section"]},
        "/api/v1/processes/{process_id}/candidacies": {"page_size": 2, "orden": "cargo"},
    }
    seen = []
    for result in schema.get_all_operations():
        operation = result.ok()
        names = [name for name in ("process_id", "candidacy_id") if f"{{{name}}}" in operation.path]
        path_parameters = {name: election[name] for name in names}
        case = operation.Case(path_parameters=path_parameters, query=queries.get(operation.path, {}))
        response = case.call_and_validate(checks=CHECKS, headers=PLAIN)
        assert response.status_code == 200, (operation.path, response.text)
        seen.append(operation.path)
    assert len(seen) == 9
