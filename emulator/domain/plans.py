"""Plans and billing: which operations are paid features and whose unpaid subscription blocks them.

The rules are data (plans.yaml, documented in docs/plans.md); this module only reads them and
decides. It knows nothing of HTTP: the guards stage asks it with the operation's path template, the
caller and the ids in the path.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from emulator.specs.yamlio import load_yaml
from emulator.world.models import Team, User
from emulator.world.store import World

PLANS_FILE = Path(__file__).with_name("plans.yaml")


@dataclass(frozen=True)
class Feature:
    name: str
    plan: str
    paths: tuple[str, ...]
    subjects: tuple[str, ...]

    def covers(self, template: str) -> bool:
        for pattern in self.paths:
            if pattern.endswith("/**"):
                if template.startswith(pattern[:-2]):
                    return True
            elif template == pattern:
                return True
        return False


@dataclass(frozen=True)
class Rules:
    plan_order: tuple[str, ...]
    billing_statuses: tuple[str, ...]
    code: str
    message: str
    features: tuple[Feature, ...]

    def plan_at_least(self, plan: str, minimum: str) -> bool:
        return self.plan_order.index(plan) >= self.plan_order.index(minimum)

    def feature(self, template: str) -> Feature | None:
        return _feature_of(self, template)


@cache
def _feature_of(rules: Rules, template: str) -> Feature | None:
    return next((f for f in rules.features if f.covers(template)), None)


@cache
def is_paid_feature(template: str) -> bool:
    """Whether an operation's path template belongs to a paid feature (asked on every request)."""
    return rules().feature(template) is not None


@cache
def rules() -> Rules:
    raw: dict[str, Any] = load_yaml(PLANS_FILE.read_text())
    unpaid = raw["unpaid"]
    return Rules(
        plan_order=tuple(raw["plan_order"]),
        billing_statuses=tuple(unpaid["billing_statuses"]),
        code=unpaid["code"],
        message=unpaid["message"],
        features=tuple(Feature(f["name"], f["plan"], tuple(f["paths"]), tuple(f["subjects"])) for f in raw["features"]),
    )


@dataclass(frozen=True)
class Unpaid:
    """A paid feature blocked by a subscription that is not paid, and the words to say so."""

    message: str
    code: str


def _subject(world: World, kind: str, user: User | None, ids: dict[str, int | None], client_id: str | None) -> Any:
    if kind in ("path_org", "path_team"):
        team_id = ids.get("orgId" if kind == "path_org" else "teamId")
        return world.find("teams", team_id) if team_id is not None else None
    if kind == "client_org":
        client = world.find("oauth_clients", client_id) if client_id else None
        return world.find("teams", client.organization_id) if client else None
    return user


def unpaid_block(
    world: World, template: str, user: User | None, ids: dict[str, int | None], client_id: str | None
) -> Unpaid | None:
    """The paid feature `template` belongs to, if a subscription that pays for it is unpaid."""
    r = rules()
    feature = r.feature(template)
    if feature is None:
        return None
    for kind in feature.subjects:
        subject = _subject(world, kind, user, ids, client_id)
        if subject is None or subject.billing_status not in r.billing_statuses:
            continue
        if isinstance(subject, User) and (
            subject.plan not in r.plan_order or not r.plan_at_least(subject.plan, feature.plan)
        ):
            continue  # this user's own plan does not pay for the feature
        name = subject.name if isinstance(subject, Team) else (subject.username or subject.email)
        message = r.message.format(
            subject="organization"
            if isinstance(subject, Team) and subject.is_organization
            else ("team" if isinstance(subject, Team) else "user"),
            name=name,
            billingStatus=subject.billing_status.replace("_", " "),
            feature=feature.name,
            plan=feature.plan,
        )
        return Unpaid(message, r.code)
    return None
