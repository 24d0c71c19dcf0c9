"""The controls page: the clock (now, advance, set, freeze), fault rules (list, add, remove, clear),
reset and snapshots. Every button calls the admin API the docs describe; nothing here changes state."""

from __future__ import annotations

from emulator.admin.faults import METHODS, rule_json
from emulator.admin.ui.markup import Html, join, table, tag
from emulator.runtime import Runtime
from emulator.world.clock import iso_ms

ADVANCES = ("5m", "30m", "1h", "1d", "1w")


def _clock(runtime: Runtime) -> Html:
    clock = runtime.clock
    buttons = join(
        tag("button", f"+{step}", type="button", data_action="clock", data_body=f'{{"advance": "{step}"}}')
        for step in ADVANCES
    )
    freeze = (
        tag("button", "Unfreeze", type="button", data_action="clock", data_body='{"frozen": false}')
        if clock.frozen
        else tag("button", "Freeze", type="button", data_action="clock", data_body='{"frozen": true}')
    )
    return tag(
        "section",
        tag("h2", "Clock"),
        tag(
            "p",
            tag("strong", iso_ms(clock.now()), id="clock-now"),
            " ",
            tag("span", "frozen" if clock.frozen else "running", class_="badge other", id="clock-state"),
        ),
        tag("p", buttons, " ", freeze),
        tag(
            "form",
            tag("label", "advance by ", tag("input", name="advance", placeholder="90s, 61m, 1h30m, -5m", size=14)),
            tag("label", " or set to ", tag("input", name="set", placeholder="2026-01-05T09:00:00Z", size=24)),
            tag("button", "Apply", type="submit"),
            data_submit="clock",
        ),
        id="clock-section",
    )


def _faults(runtime: Runtime) -> Html:
    rules = [rule_json(e) for e in runtime.faults.entries]
    columns = ["operationId", "method", "path", "credential", "status", "latencyMs", "drop", "times", "hits"]

    def row(rule: dict[str, object]) -> list[object]:
        cells: list[object] = [rule["id"]]
        cells += ["" if rule[c] is None else rule[c] for c in columns]
        cells.append(tag("button", "Remove", type="button", data_action="fault-delete", data_id=rule["id"]))
        return cells

    listing = (
        table(["id", *columns, ""], (row(r) for r in rules), class_="records", id="faults-table")
        if rules
        else tag("p", "No fault rules.", class_="muted", id="faults-empty")
    )
    methods = join([tag("option", "any", value=""), *(tag("option", m, value=m) for m in METHODS)])
    form = tag(
        "form",
        tag("label", "operationId ", tag("input", name="operationId", size=36)),
        tag("label", " or path ", tag("input", name="path", placeholder="/v2/bookings/**", size=22)),
        tag("label", " method ", tag("select", methods, name="method")),
        tag("br"),
        tag("label", "status ", tag("input", name="status", type="number", min=400, max=599, size=5)),
        tag("label", " latencyMs ", tag("input", name="latencyMs", type="number", min=0, max=60000, size=7)),
        tag("label", " times ", tag("input", name="times", type="number", min=1, size=5)),
        tag("label", " drop ", tag("input", name="drop", type="checkbox")),
        tag("label", " credential ", tag("input", name="credential", placeholder="api_key:alice", size=16)),
        tag("button", "Add rule", type="submit"),
        data_submit="fault",
        class_="fault-form",
    )
    clear = tag("button", "Clear all", type="button", data_action="faults-clear") if rules else None
    return tag("section", tag("h2", "Faults"), listing, clear, tag("h3", "Add a rule"), form, id="faults-section")


def _snapshots(runtime: Runtime) -> Html:
    ids = sorted(runtime.snapshots, key=int)
    items = join(
        tag(
            "li",
            f"snapshot {sid} ",
            tag("button", "Restore", type="button", data_action="snapshot-restore", data_id=sid),
        )
        for sid in ids
    )
    listing = tag("ul", items, id="snapshots") if ids else tag("p", "No snapshots.", class_="muted")
    return tag(
        "section",
        tag("h2", "Reset and snapshots"),
        tag(
            "p",
            tag("button", "Take a snapshot", type="button", data_action="snapshot-take"),
            " ",
            tag("button", "Reset the world", type="button", data_action="reset"),
        ),
        tag("p", f"At most {runtime.settings.snapshots_limit} snapshots are kept; reset keeps them.", class_="muted"),
        listing,
        id="snapshots-section",
    )


def render(runtime: Runtime) -> Html:
    return join([tag("h1", "Clock, faults, snapshots"), _clock(runtime), _faults(runtime), _snapshots(runtime)])
