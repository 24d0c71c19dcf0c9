"""What a webhook POST carries: the body text, its content type and its signature.

As Cal.com's sendPayload (packages/features/webhooks/lib/sendPayload.ts):

- without a ``payloadTemplate`` the body is ``{"triggerEvent", "createdAt", "payload"}`` as JSON;
- with one, the template is rendered Handlebars-style with the payload's fields plus ``triggerEvent``
  and ``createdAt``. The content type is decided by the *template*: one that parses as JSON is
  rendered, parsed again and sent as compact JSON (text that then fails to parse is sent as
  ``false``, as the server's jsonParse does); any other template is sent as rendered, as
  ``application/x-www-form-urlencoded``;
- ``X-Cal-Signature-256`` is the lowercase hex HMAC-SHA256 of the exact body with the webhook's
  secret, or the literal ``no-secret-provided`` when it has none.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from typing import Any

from emulator import wire

JSON_TYPE = "application/json"
FORM_TYPE = "application/x-www-form-urlencoded"
NO_SECRET = "no-secret-provided"

# {{ path }} (escaped) and {{{ path }}} (raw); paths are dotted, with numeric or [n] segments.
_MUSTACHE = re.compile(r"\{\{\{\s*([^{}]+?)\s*\}\}\}|\{\{\s*([^{}#/!>^][^{}]*?)\s*\}\}")
# Handlebars escapes these; Cal.com turns &quot; back into a quote afterwards.
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "'": "&#x27;", "`": "&#x60;", "=": "&#x3D;"}


def dumps(value: Any) -> str:
    """JSON.stringify: compact, non-ASCII kept as is."""
    return wire.dumps(value).decode()


def signature(secret: str | None, body: str) -> str:
    if not secret:
        return NO_SECRET
    return hmac.new(secret.encode(), body.encode(), hashlib.sha256).hexdigest()


def _parses(text: str) -> Any:
    """jsonParse: the parsed value, or False when the text is not JSON."""
    try:
        return json.loads(text)
    except ValueError:
        return False


def _lookup(data: Any, path: str) -> Any:
    value = data
    for part in path.replace("[", ".").replace("]", "").split("."):
        if part in ("", "this"):
            continue
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdigit() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def _text(value: Any) -> str:
    """How Handlebars prints a value: nothing for null/undefined, JavaScript's toString otherwise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "[object Object]"
    if isinstance(value, list):
        return ",".join(_text(item) for item in value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def render(template: str, data: dict[str, Any]) -> str:
    """Substitute ``{{var}}``, ``{{a.b}}``, ``{{attendees.0.name}}`` (escaped) and ``{{{var}}}`` (raw)."""

    def one(match: re.Match[str]) -> str:
        raw, escaped = match.group(1), match.group(2)
        text = _text(_lookup(data, raw if raw is not None else escaped))
        if raw is not None:
            return text
        return "".join(_ESCAPES.get(ch, ch) for ch in text)

    return _MUSTACHE.sub(one, template)


def body(template: str | None, trigger: str, created_at: str, payload: dict[str, Any]) -> tuple[str, str]:
    """(body text, content type) for one delivery."""
    if not template:
        return dumps({"triggerEvent": trigger, "createdAt": created_at, "payload": payload}), JSON_TYPE
    rendered = render(template, {**payload, "triggerEvent": trigger, "createdAt": created_at})
    if _parses(template) is not False:
        return dumps(_parses(rendered)), JSON_TYPE
    return rendered, FORM_TYPE
