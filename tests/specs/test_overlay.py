"""Overlays: the engine's semantics, and that every shipped action still matches the pinned specs."""

import copy
import json
from pathlib import Path

import pytest

from emulator.specs import lock
from emulator.specs.loader import load_specs
from emulator.specs.overlay import Action, OverlayError, apply_action, load_overlay, load_overlays
from emulator.specs.resources import openapi_dir


def action(target: str, **kw: object) -> Action:
    return Action(file="t.yaml", index=0, target=target, description="test", **kw)  # type: ignore[arg-type]


def test_update_merges_objects_and_appends_to_arrays() -> None:
    doc = {"a": {"b": {"c": 1, "d": 2}, "list": [1]}}
    assert apply_action(doc, action("$.a", update={"b": {"c": 9}, "e": 3})) == 1
    assert apply_action(doc, action("$.a.list", update=[2, 3])) == 1
    assert doc == {"a": {"b": {"c": 9, "d": 2}, "list": [1, 2, 3], "e": 3}}


def test_remove_deletes_every_match() -> None:
    doc = {"p": [{"n": "x"}, {"n": "y"}, {"n": "x"}]}
    assert apply_action(doc, action("$.p[?@.n == 'x']", remove=True)) == 2
    assert doc == {"p": [{"n": "y"}]}


def test_an_action_without_a_reason_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("documents: [v2]\nactions:\n  - target: $.paths\n    update: {}\n")
    with pytest.raises(OverlayError, match="no description"):
        load_overlay(bad)


def test_every_shipped_action_matches_the_pinned_specs() -> None:
    """An action that matches nothing means upstream moved: the correction needs another look."""
    specs = load_specs()
    assert specs.unmatched == [], [f"{a.file}#{a.index}: {a.target}" for a in specs.unmatched]


def test_each_shipped_action_matches_on_its_own() -> None:
    # Checked one by one against pristine documents, so that no action only matches what an
    # earlier one added (except the error overlays, which add the components they reference).
    pins = lock.load_pins()
    pristine = {key: json.loads(lock.locate(pin).read_bytes()) for key, pin in pins.items()}
    for overlay in load_overlays(openapi_dir() / "overlays"):
        for name in overlay.documents:
            if name not in pristine:
                continue
            for act in overlay.actions:
                assert apply_action(copy.deepcopy(pristine[name]), act) > 0, f"{act.file}#{act.index} {act.target}"


def test_overlaid_v2_spec_passes_the_openapi_spec_check() -> None:
    from openapi_spec_validator import OpenAPIV30SpecValidator

    specs = load_specs()
    for name, document in specs.documents.items():
        errors = [str(e).splitlines()[0] for e in OpenAPIV30SpecValidator(document).iter_errors()]
        assert errors == [], (name, errors[:5])


def test_v2_error_responses_cover_every_operation() -> None:
    specs = load_specs()
    for op in specs.operations:
        assert "default" in op.responses, op.operation_id
        assert op.responses["default"] is not None
