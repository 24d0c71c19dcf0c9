"""The fast path (jsonschema-rs) and the reference (openapi-core) give the same verdicts.

The corpus comes from emulator.specs.samples: for every operation a valid request and invalid
variants of it, and for every documented JSON response a valid body and invalid ones, plus edge
cases (parameter literals, format and pattern edges, nullable) whose verdict the sample checker
decides. Each case must get the same verdict from both validators, and the expected one.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
from jsonschema_path import SchemaPath
from openapi_core.exceptions import OpenAPIError
from openapi_core.validation.schemas import oas30_read_schema_validators_factory

from emulator.pipeline.corpus import sample_context
from emulator.pipeline.reference import ReferenceValidator, format_validators
from emulator.pipeline.validation import FastValidator, Problems
from emulator.specs.loader import SpecSet, load_specs
from emulator.specs.operations import Parameter
from emulator.specs.samples import Corpus, build_corpus
from emulator.specs.schemas import SchemaStore, stage_owned

SHOWN = 25  # failures printed in full; the rest are counted


@dataclass
class Setup:
    specs: SpecSet
    corpus: Corpus
    fast: FastValidator
    reference: ReferenceValidator


@pytest.fixture(scope="module")
def setup() -> Setup:
    specs = load_specs()  # CALCOM_EMULATOR_SPECS, else openapi/upstream
    return Setup(specs, build_corpus(specs), FastValidator(SchemaStore(specs)), ReferenceValidator(specs))


def verdict(run: Callable[..., Problems], *args: Any) -> tuple[bool | None, Problems | str]:
    """(valid, problems), or (None, the exception) when the validator crashed."""
    try:
        problems = run(*args)
    except Exception as exc:  # a crash is a failure of its own, never a verdict
        return None, f"crashed: {exc!r}"
    return not problems, problems


def report(failures: list[str], total: int, what: str) -> str:
    shown = "\n\n".join(failures[:SHOWN])
    more = f"\n\n... and {len(failures) - SHOWN} more" if len(failures) > SHOWN else ""
    return f"{len(failures)} of {total} {what} cases failed:\n\n{shown}{more}"


def describe(op_id: str, case: str, expected: bool, fast: tuple[Any, Any], ref: tuple[Any, Any], extra: str) -> str:
    def side(name: str, result: tuple[Any, Any]) -> str:
        valid, problems = result
        label = "crashed" if valid is None else "valid" if valid else "invalid"
        return f"  {name}: {label} {json.dumps(problems, default=str)[:600]}"

    wanted = "valid" if expected else "invalid"
    return f"{op_id}: {case} (expected {wanted}; {extra})\n{side('fast', fast)}\n{side('openapi-core', ref)}"


def can_be_wrong(param: Parameter) -> bool:
    """Whether some request could get this parameter wrong (stage-owned headers are not checked here)."""
    if stage_owned(param.location, param.name):
        return False
    if param.location == "query" and param.required:
        return True
    return param.schema.get("type") not in (None, "string") or bool(set(param.schema) - {"type", "description"})


def test_the_corpus_covers_every_operation(setup: Setup) -> None:
    corpus = setup.corpus
    assert [s.operation.operation_id for s in corpus.operations] == [op.operation_id for op in setup.specs.operations]
    assert len(corpus.operations) >= 322
    broken = {entry.split(":", 1)[0] for entry in corpus.unsatisfiable}
    for samples in corpus.operations:
        op = samples.operation
        if op.operation_id not in broken:
            assert any(r.valid for r in samples.requests), f"{op.operation_id}: no valid request"
        if not any(not r.valid for r in samples.requests):
            # Only where nothing can be wrong: no body, and parameters any text satisfies.
            constrained = [p.name for p in op.parameters if can_be_wrong(p)]
            assert op.body is None and not constrained, f"{op.operation_id}: no invalid request ({constrained})"
        for key, schema in op.responses.items():
            cases = [r for r in samples.responses if r.case.startswith(f"{key}: ")]
            if schema is not None:
                assert any(not r.valid for r in cases), f"{op.operation_id} {key}: no invalid response"
                assert any(r.valid for r in cases) or op.operation_id in broken, f"{op.operation_id} {key}: no valid"


def test_both_validators_agree_on_every_request(setup: Setup) -> None:
    failures: list[str] = []
    requests = setup.corpus.requests
    for op, sample in requests:
        fast = verdict(setup.fast.request_problems, sample_context(op, sample))
        ref = verdict(setup.reference.request_problems, sample_context(op, sample))
        if not (fast[0] == ref[0] == sample.valid):
            where = f"{sample.method} {sample.path}?{urlencode(sample.query)} body={sample.body[:200]!r}"
            failures.append(describe(op.operation_id, sample.case, sample.valid, fast, ref, where))
    assert not failures, report(failures, len(requests), "request")


def test_both_validators_agree_on_every_response(setup: Setup) -> None:
    failures: list[str] = []
    responses = setup.corpus.responses
    for op, sample in responses:
        args = (op, sample.status, sample.body, sample.content_type)
        fast = verdict(setup.fast.response_problems, *args)
        ref = verdict(setup.reference.response_problems, *args)
        if not (fast[0] == ref[0] == sample.valid):
            where = f"status {sample.status} {sample.content_type or 'no content type'} body={sample.body[:200]!r}"
            failures.append(describe(op.operation_id, sample.case, sample.valid, fast, ref, where))
    assert not failures, report(failures, len(responses), "response")


# The operations' schemas do not reach every checked format (uuid sits in unused v1 components),
# so the format checks are also compared directly, on the strings where implementations part.
FORMAT_EDGES = {
    "date-time": [
        ("2030-06-30T10:00:00Z", True),
        ("2030-06-30t10:00:00.5+02:00", True),
        ("2030-06-30T23:59:60Z", True),
        ("2030-07-01T01:59:60+02:00", True),
        ("2030-06-30T10:59:60Z", False),
        ("0000-01-01T00:00:00Z", True),
        ("2030-06-30T10:00:00Z\n", False),
        ("2030-06-30T10:00:00", False),
        ("2030-02-29T10:00:00Z", False),
        ("2030-06-30T10:00:00+24:00", False),
    ],
    "date": [("2032-02-29", True), ("0000-01-01", True), ("2030-02-29", False), ("2030-1-1", False)],
    "uuid": [
        ("123e4567-e89b-12d3-a456-426614174000", True),
        ("123E4567-E89B-12D3-A456-426614174000", True),
        ("123e4567e89b12d3a456426614174000", False),
        ("{123e4567-e89b-12d3-a456-426614174000}", False),
        ("urn:uuid:123e4567-e89b-12d3-a456-426614174000", False),
    ],
    "email": [("a@b", True), ("@", True), ("no-at-sign", False)],
}


@pytest.mark.parametrize("fmt", sorted(FORMAT_EDGES))
def test_both_validators_read_each_checked_format_alike(setup: Setup, fmt: str) -> None:
    schema = {"type": "string", "format": fmt}
    fast = setup.fast.schemas.compile("v2", "response", schema)
    spec = SchemaPath.from_dict({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}})
    reference = oas30_read_schema_validators_factory.create(
        spec, SchemaPath.from_dict(schema), extra_format_validators=format_validators()
    )
    for text, expected in FORMAT_EDGES[fmt]:
        try:
            reference.validate(text)
            ref_valid, why = True, ""
        except OpenAPIError as exc:
            ref_valid, why = False, str(exc)
        assert (fast.is_valid(text), ref_valid) == (expected, expected), f"{fmt} {text!r}: {why}"
