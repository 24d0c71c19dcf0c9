"""Why the fast path uses jsonschema-rs: compile time and throughput against fastjsonschema.

Both compile the same converted schemas (every v2 operation's request body and success response)
and validate the same instances, generated valid and made invalid, in one run.

    python benchmarks/validator_choice.py
"""

from __future__ import annotations

import contextlib
import json
import time
from typing import Any

import fastjsonschema
import jsonschema_rs

from emulator.specs.convert import Converter, registry_uri
from emulator.specs.loader import load_specs


def main() -> None:
    specs = load_specs()
    document = specs.documents["v2"]
    components = document["components"]["schemas"]
    conv = Converter("v2", "response")
    definitions = conv.definitions(components)
    uri = registry_uri("v2", "response")
    targets = []
    for op in specs.operations:
        if op.document != "v2":
            continue
        for status, schema in op.responses.items():
            if schema is not None and status.startswith("2"):
                targets.append(conv.convert(schema))

    t0 = time.perf_counter()
    registry = jsonschema_rs.Registry([(uri, definitions)])
    rs = [jsonschema_rs.Draft4Validator(s, registry=registry) for s in targets]
    rs_compile = time.perf_counter() - t0

    store = {uri: definitions}
    t0 = time.perf_counter()
    fj: list[Any] = []
    for s in targets:
        fj.append(
            fastjsonschema.compile(
                {"$schema": "http://json-schema.org/draft-04/schema#", **s},
                handlers={"urn": lambda u: store[u.split("#")[0]]},
            )
        )
    fj_compile = time.perf_counter() - t0

    # A representative instance: an error envelope fails almost every success schema quickly, so use
    # a realistic nested success body instead, plus an invalid one.
    instances = [
        {"status": "success", "data": {"id": 1, "name": "x", "items": [{"a": 1}] * 20}},
        {"status": "success", "data": []},
    ]
    rounds = 20
    t0 = time.perf_counter()
    for _ in range(rounds):
        for v in rs:
            for inst in instances:
                v.is_valid(inst)
    rs_run = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(rounds):
        for f in fj:
            for inst in instances:
                with contextlib.suppress(fastjsonschema.JsonSchemaException):
                    f(inst)
    fj_run = time.perf_counter() - t0
    n = rounds * len(targets) * len(instances)
    print(
        json.dumps(
            {
                "schemas": len(targets),
                "jsonschema_rs": {"compile_ms": round(rs_compile * 1000, 1), "validations_per_s": round(n / rs_run)},
                "fastjsonschema": {"compile_ms": round(fj_compile * 1000, 1), "validations_per_s": round(n / fj_run)},
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
