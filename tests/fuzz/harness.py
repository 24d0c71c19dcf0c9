"""The fuzz stage: schemathesis generates requests from the contract the running emulator publishes
(GET /_emulator/openapi/{v1,v2,legacy,atoms}.json), sends them over a socket with real credentials,
and checks every answer against that same contract.

A problem is any 5xx but the 501 of an operation the emulator does not serve yet, any answer that
breaks the published contract (status, content type, headers, body schema), and any request that gets
no answer within REQUEST_TIMEOUT_S. Problems are collected, not raised inside hypothesis, so every
example of an operation runs and nothing is shrunk: the run's length is bounded by the example counts.
"""

from __future__ import annotations

import os
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from hypothesis.errors import Unsatisfiable
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from emulator.specs.loader import SpecSet
from emulator.specs.operations import API_VERSIONS, DEFAULT_API_VERSION
from tests.fuzz.world_values import known_values, path_values

DOCUMENTS = ("v1", "v2", "legacy", "atoms")
REQUEST_TIMEOUT_S = 10.0
CLOCK = "2026-01-05T09:00:00Z"
ALICE_ID = 1
ALICE_KEY = "cal_a11ce000000000000000000000000001"  # an organization owner: past most guards
# Examples per operation: valid requests, then invalid ones (FUZZ_EXAMPLES=positive,negative to go deeper).
POSITIVE_EXAMPLES, NEGATIVE_EXAMPLES = (int(n) for n in os.environ.get("FUZZ_EXAMPLES", "3,2").split(","))
# The hypothesis seed: the same requests every run. FUZZ_SEED=n draws others, to hunt with.
SEED = int(os.environ.get("FUZZ_SEED") or 0)
CONTRACT_CHECKS = [
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
# Credentials and the version belong to the auth and version stages, set per request below; the
# specs declare them as header parameters, so the generator would otherwise fill them with noise.
OWN_HEADERS = ("authorization", "x-cal-client-id", "x-cal-secret-key", "cal-api-version")


@dataclass(frozen=True)
class Target:
    """One operation of the published contract and how it is fuzzed."""

    document: str
    operation_id: str
    api: str
    path: str
    versions: tuple[str | None, ...]  # cal-api-version values sent in turn; None: no header
    path_types: tuple[tuple[str, str], ...]  # path parameter name -> schema type
    mutable: bool  # something an invalid request can change: a body, a query or a typed path value

    def __str__(self) -> str:
        return f"{self.document}:{self.operation_id}"


def targets(specs: SpecSet) -> list[Target]:
    found = []
    for op in specs.operations:
        if op.api == "v1":
            versions: tuple[str | None, ...] = (None,)
        else:
            served = sorted(op.versions if op.versions is not None else API_VERSIONS)
            # without the header the server reads 2024-04-15, so operations serving it get that too
            versions = (*served, None) if DEFAULT_API_VERSION in served else tuple(served)
        path = [p for p in op.parameters if p.location == "path"]
        path_types = tuple((p.name, str(p.schema.get("type", ""))) for p in path)
        # a free-form string path value has no invalid form; with nothing else to change, no invalid request exists
        typed_path = any(set(p.schema) != {"type"} or p.schema["type"] != "string" for p in path)
        query = any(p.location == "query" for p in op.parameters)
        mutable = op.body is not None or query or typed_path
        found.append(Target(op.document, op.operation_id, op.api, op.path, versions, path_types, mutable))
    return found


@dataclass
class Totals:
    """What the stage did, printed at the end of the run (conftest.py)."""

    operations: set[str] = field(default_factory=set)
    requests: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    versions: Counter[str] = field(default_factory=Counter)
    problems: int = 0

    def lines(self) -> list[str]:
        classes = Counter(f"{status // 100}xx" for status in self.statuses.elements())
        shown = ", ".join(f"{name}: {count}" for name, count in sorted(classes.items()))
        versions = ", ".join(f"{name}: {count}" for name, count in sorted(self.versions.items()))
        return [
            f"fuzz: {len(self.operations)} operations, {self.requests} requests, {self.problems} problems; "
            f"statuses {shown} (501 not served yet: {self.statuses[501]})",
            f"fuzz: cal-api-version {versions}",
        ]


TOTALS = Totals()


def run_examples(strategy: st.SearchStrategy[Any], examples: int, each: Callable[[Any], None]) -> bool:
    """``each`` for ``examples`` drawn values, the same ones every run; False when none can be drawn."""

    @seed(SEED)  # fixed, so derandomize has nothing left to fix; it stays on should the seed go
    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,  # nothing written to disk
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(value=strategy)
    def run(value: Any) -> None:
        each(value)

    try:
        run()
    except Unsatisfiable:
        return False
    return True


class Fuzz:
    """The running emulator, its published contract and the session the requests go through."""

    def __init__(self, url: str, served: set[str]) -> None:
        self.url = url
        self.served = served
        self.session = requests.Session()
        config = schemathesis.Config()
        self.schemas = {
            name: schemathesis.openapi.from_url(f"{url}/_emulator/openapi/{name}.json", config=config)
            for name in DOCUMENTS
        }
        self.state = self.session.get(f"{url}/_emulator/state", timeout=REQUEST_TIMEOUT_S).json()
        self.known = known_values(self.state, ALICE_ID)
        self.statuses: Counter[int] = Counter()  # of every answer, for tests that look at what they reached
        self.hung: str | None = None  # the request that got no answer: the server may be stuck for good
        self.timeout = REQUEST_TIMEOUT_S
        self.counting = True  # into TOTALS; off while the harness tests itself with fault rules

    def operation(self, target: Target) -> Any:
        return self.schemas[target.document].find_operation_by_id(target.operation_id)

    def reset(self) -> None:
        self.session.post(f"{self.url}/_emulator/reset", timeout=REQUEST_TIMEOUT_S).raise_for_status()

    def fuzz(self, target: Target) -> list[str]:
        """Valid then invalid requests to one operation, from a freshly reset world; the problems found."""
        if self.hung is not None:  # not another 10 s per request for every operation left
            return [f"not fuzzed: the emulator stopped answering earlier, at {self.hung}"]
        self.reset()
        operation = self.operation(target)
        problems: list[str] = []
        # each operation starts its round of versions elsewhere, so that short rounds still reach them all
        sent = [zlib.crc32(str(target).encode()) % len(target.versions)]

        def each(mode: str) -> Callable[[Any], None]:
            def send(case: Any) -> None:
                version = target.versions[sent[0] % len(target.versions)]
                sent[0] += 1
                problems.extend(self.send(target, case, version, mode))

            return send

        free = operation.as_strategy(schemathesis.GenerationMode.POSITIVE)
        known = path_values(self.known, self.state, target.api, target.path, dict(target.path_types))
        positive = st.one_of(operation.as_strategy(path_parameters=known), free) if known else free
        run_examples(positive, POSITIVE_EXAMPLES, each("valid"))
        if target.mutable:
            negative = operation.as_strategy(schemathesis.GenerationMode.NEGATIVE)
            run_examples(negative, NEGATIVE_EXAMPLES, each("invalid"))
        TOTALS.operations.add(str(target))
        TOTALS.problems += len(problems)
        return problems

    def send(self, target: Target, case: Any, version: str | None, mode: str) -> list[str]:
        """One request with the credentials and version set; what was wrong with its answer."""
        headers = {k: v for k, v in (case.headers or {}).items() if k.lower() not in OWN_HEADERS}
        if target.api == "v1":
            case.query = {**(case.query or {}), "apiKey": ALICE_KEY}
        else:
            headers["Authorization"] = f"Bearer {ALICE_KEY}"
            if version is not None:
                headers["cal-api-version"] = version
        case.headers = headers
        where = f"{target} ({mode} request, cal-api-version: {version or 'none'})"
        base_url = self.url + ("/v1" if target.api == "v1" else "")
        try:
            response = case.call(base_url=base_url, session=self.session, timeout=self.timeout)
        except requests.Timeout:
            self.hung = where
            return [f"{where}: no answer within {self.timeout:g} s\n  {case.as_curl_command()}"]
        except requests.ConnectionError as error:
            return [f"{where}: the connection failed ({error})\n  {case.as_curl_command()}"]
        self.statuses[response.status_code] += 1
        if self.counting:
            TOTALS.requests += 1
            TOTALS.statuses[response.status_code] += 1
            TOTALS.versions[version or "none"] += 1
        status = response.status_code
        if status >= 500 and not (status == 501 and target.operation_id not in self.served):
            return [f"{where}: {status} {response.text[:1500]}\n  {case.as_curl_command()}"]
        try:
            case.validate_response(response, checks=CONTRACT_CHECKS)
        except (Exception, BaseExceptionGroup) as failure:  # schemathesis' FailureGroup names every broken check
            return [f"{where}: breaks the published contract: {str(failure)[:3000]}"]
        return []
