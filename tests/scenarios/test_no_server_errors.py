"""Every generated request, valid or not, to every operation, sent with real credentials: the
answer is never a 5xx other than 501 (an operation not served yet). Bad input is always a 4xx in
the version's shape, and a handler's answer always passes response validation."""

import urllib.parse
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from emulator.app import create_app
from emulator.settings import Settings
from emulator.specs.loader import load_specs
from emulator.specs.samples import OperationSamples, build_corpus
from tests.helpers import ALICE_KEY

CORPUS = build_corpus(load_specs(), seed=0)


@pytest.fixture(scope="module")
def api() -> Iterator[TestClient]:
    settings = Settings(rate_limits="off", clock="2026-01-05T09:00:00Z")
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("samples", CORPUS.operations, ids=lambda s: s.operation.operation_id)
def test_no_request_gets_a_server_error(api: TestClient, samples: OperationSamples) -> None:
    op = samples.operation
    failures = []
    for req in samples.requests:
        headers, query = dict(req.headers), list(req.query)
        if op.api == "v1":
            query.append(("apiKey", ALICE_KEY))
        else:
            headers["authorization"] = f"Bearer {ALICE_KEY}"
            headers.pop("x-cal-client-id", None)
            headers.pop("x-cal-secret-key", None)
        url = urllib.parse.quote(req.path, safe="/:@_-.~+") + ("?" + urllib.parse.urlencode(query) if query else "")
        response = api.request(req.method, url, headers=headers, content=req.body)
        if response.status_code >= 500 and response.status_code != 501:
            failures.append((req.case, response.status_code, response.text[:400]))
    api.post("/_emulator/reset")
    assert failures == []
