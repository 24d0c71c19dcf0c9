"""The webhooks page: every delivery kept, newest first, with its payload, headers (the signature among
them) and outcome, and a button that delivers it again."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from emulator.admin.ui.markup import (
    Html,
    badge,
    body_block,
    headers_table,
    join,
    page_of,
    pager,
    pages_for,
    part_link,
    tag,
)
from emulator.pipeline.webhook_outbox import Outbox

PAGE = "/_emulator/ui/webhooks"
PAGE_SIZE = 50
SIGNATURE = "x-cal-signature-256"
OUTCOME = {"recorded": "other", "pending": "other", "delivered": "ok", "failed": "server", "refused": "client"}


def _parsed(body: str) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def _outcome(d: Mapping[str, Any]) -> Html:
    parts: list[object] = [badge(d["status"], OUTCOME.get(d["status"], "other"))]
    if d.get("responseStatus") is not None:
        parts.append(f" answered {d['responseStatus']}")
    if d.get("error"):
        parts.append(tag("span", f" {d['error']}", class_="warn"))
    if d.get("attemptedAt"):
        parts.append(tag("span", f" at {d['attemptedAt']}", class_="muted"))
    return join(parts)


def _signature(headers: Mapping[str, str]) -> str:
    return next((v for k, v in headers.items() if k.lower() == SIGNATURE), "(unsigned)")


def _card(d: Mapping[str, Any]) -> Html:
    booking = d.get("bookingUid")
    summary = tag(
        "summary",
        tag("span", f"#{d['id']}", class_="seq"),
        " ",
        tag("strong", d["triggerEvent"]),
        " \u2192 ",
        tag("span", d["subscriberUrl"], class_="path"),
        " ",
        _outcome(d),
        tag("span", f" {d['createdAt']}", class_="muted"),
    )
    facts = tag(
        "dl",
        tag("dt", "webhook"),
        tag("dd", tag("a", d["webhookId"], href=f"/_emulator/ui/record/webhooks/{d['webhookId']}", data_json=True)),
        tag("dt", "booking"),
        tag("dd", tag("code", booking) if booking else "\u2014"),
        tag("dt", "signature"),
        tag("dd", tag("code", _signature(d["headers"]), class_="signature")),
    )
    return tag(
        "details",
        summary,
        tag(
            "div",
            facts,
            tag("button", "Redeliver", type="button", data_action="redeliver", data_id=d["id"]),
            tag("h3", "Headers"),
            headers_table(d["headers"]),
            tag("h3", "Payload"),
            body_block(_parsed(d["body"]), d["body"]),
            class_="delivery-body",
        ),
        class_="delivery",
        data_id=d["id"],
    )


def render(outbox: Outbox, params: Mapping[str, str]) -> Html:
    trigger = params.get("trigger") or None
    everything = outbox.entries()
    shown_all = [d for d in everything if trigger is None or d["triggerEvent"] == trigger]
    pages = pages_for(len(shown_all), PAGE_SIZE)
    number = page_of(params.get("page"), pages)
    shown = shown_all[(number - 1) * PAGE_SIZE : number * PAGE_SIZE]
    triggers = sorted({d["triggerEvent"] for d in everything} | ({trigger} if trigger else set()))
    options = join(
        [tag("option", "any", value=""), *(tag("option", t, value=t, selected=t == trigger) for t in triggers)]
    )
    form = tag(
        "form",
        tag("label", "trigger ", tag("select", options, name="trigger")),
        tag("button", "Filter", type="submit"),
        " ",
        tag("button", "Forget all deliveries", type="button", data_action="deliveries-clear"),
        data_filter=PAGE,
        data_autosubmit=True,
        class_="filters",
    )
    summary = (
        f"{len(shown_all)} of {len(everything)} deliveries kept (at most {outbox.capacity}); newest first"
        if everything
        else "No deliveries yet: booking events send them to the world's webhooks."
    )
    newest = everything[0]["id"] if everything else 0
    cards = tag("div", join(_card(d) for d in shown), id="deliveries") if shown else None
    kept = {"trigger": trigger} if trigger else {}
    return join(
        [
            tag("h1", "Webhook deliveries"),
            form,
            tag("p", summary, class_="muted", id="deliveries-summary", data_newest=newest),
            cards,
            pager(PAGE, kept, "page", number, pages),
            tag("p", part_link("every delivery", PAGE, {})) if trigger else None,
        ]
    )
