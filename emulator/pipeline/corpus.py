"""Generated samples (emulator/specs/samples.py) as request contexts, for validator checks."""

from __future__ import annotations

from typing import Any, cast
from urllib.parse import urlencode

from emulator.pipeline.context import RequestContext
from emulator.specs.operations import Operation
from emulator.specs.samples import SampleRequest


def sample_context(op: Operation, sample: SampleRequest) -> RequestContext:
    """The context a validator reads for one sample: no runtime, the operation already routed."""
    return RequestContext(
        runtime=cast(Any, None),  # the validators read only the request and the operation
        api=op.api,
        method=sample.method,
        path=sample.path,
        query_string=urlencode(sample.query),
        query=list(sample.query),
        headers=dict(sample.headers),
        raw_body=sample.body,
        operation=op,
        path_params=dict(sample.path_params),
    )
