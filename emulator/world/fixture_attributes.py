"""The ``attributes`` section: an organization's member attributes, their options and who has which.

Keyed by organization, then by attribute slug::

    attributes:
      acme:
        department:
          name: Department
          type: SINGLE_SELECT
          options: [Engineering, Sales]
          members: {alice: Engineering, carol: Sales}
        level:
          type: NUMBER
          members: {carol: 3}

Records get the fixture keys ``acme/department`` (attribute) and ``acme/department/engineering``
(option). A select attribute's members name its options (a MULTI_SELECT member may have a list); a
TEXT or NUMBER member's value becomes an option of its own, as assigning a value through the API does.
Members must be accepted members of the organization, and slugs are unique across organizations (the
column is unique).
"""

from __future__ import annotations

import re
from typing import Any

from emulator.world import ids
from emulator.world.fixture_base import BuilderBase
from emulator.world.records_attributes import ATTRIBUTE_TYPES, Attribute, AttributeOption, AttributeToUser
from emulator.world.yaml_source import DocPath

SELECT_TYPES = ("SINGLE_SELECT", "MULTI_SELECT")


def option_slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "option"


class AttributesBuilder(BuilderBase):
    def attributes(self) -> None:
        for org_key, block, path in self.records("attributes"):
            org_id = self.ref("teams", org_key, path)
            org = self.find("teams", org_id)
            if org_id is None or org is None:
                continue
            if not org.is_organization:
                self.error(path, f"team {org_key!r} is not an organization", at_key=True)
                continue
            for slug, spec in block.items():
                where = (*path, slug)
                if where not in self.p.broken and isinstance(spec, dict):
                    self.attribute(org_id, f"{org_key}/{slug}", str(slug), spec, where)

    def attribute(self, org_id: int, key: str, slug: str, spec: dict[str, Any], path: DocPath) -> None:
        if not self.claim_key("attributes", key, path):
            return
        if any(a.slug == slug for a in self.world.all("attributes")):
            self.error(
                path, f"attribute slug {slug!r} is already used (slugs are unique across organizations)", at_key=True
            )
            return
        kind = str(spec.get("type", "TEXT"))
        if kind not in ATTRIBUTE_TYPES:
            return  # the schema check reported it
        created = self.time(spec, "createdAt", path) or self.now
        attribute = Attribute(
            id=ids.uuid4(self.rng),
            team_id=org_id,
            type=kind,
            name=str(spec.get("name", slug)),
            slug=slug,
            enabled=bool(spec.get("enabled", True)),
            created_at=created,
            updated_at=created,
            key=key,
        )
        self.world.insert("attributes", attribute)
        options: dict[str, AttributeOption] = {}
        for index, raw in enumerate((spec.get("options") or []) if kind in SELECT_TYPES else []):
            value = raw.get("value") if isinstance(raw, dict) else raw
            option_path = (*path, "options", index)
            if str(value) in options:
                self.error(option_path, f"option {value!r} is listed twice")
                continue
            wanted = raw.get("slug") if isinstance(raw, dict) else None
            options[str(value)] = self.option(attribute, str(value), wanted)
        for user_key, chosen in (spec.get("members") or {}).items():
            self.member_options(attribute, options, str(user_key), chosen, (*path, "members", user_key))

    def option(self, attribute: Attribute, value: str, slug: str | None) -> AttributeOption:
        made = slug or option_slug(value)
        option = AttributeOption(
            id=ids.uuid4(self.rng), attribute_id=attribute.id, value=value, slug=made, key=f"{attribute.key}/{made}"
        )
        if option.key in self.world.keys["attribute_options"]:
            option = AttributeOption(id=option.id, attribute_id=attribute.id, value=value, slug=made)
        inserted: AttributeOption = self.world.insert("attribute_options", option)
        return inserted

    def member_options(
        self, attribute: Attribute, options: dict[str, AttributeOption], user_key: str, chosen: Any, path: DocPath
    ) -> None:
        user_id = self.ref("users", user_key, path)
        if user_id is None:
            return
        member = next(
            (m for m in self.world.all("memberships") if m.team_id == attribute.team_id and m.user_id == user_id),
            None,
        )
        if member is None or not member.accepted:
            self.error(path, f"user {user_key!r} is not an accepted member of the organization", at_key=True)
            return
        values = chosen if isinstance(chosen, list) else [chosen]
        if len(values) > 1 and attribute.type != "MULTI_SELECT":
            self.error(path, f"a {attribute.type} attribute takes one value per member, not {len(values)}")
            return
        for value in values:
            text = str(value)
            if attribute.type in SELECT_TYPES:
                option = options.get(text)
                if option is None:
                    known = ", ".join(repr(v) for v in options) or "none"
                    self.error(path, f"{text!r} is not an option of attribute {attribute.slug!r} (options: {known})")
                    continue
            else:
                option = self.option(attribute, text, None)
            now = self.now
            row = AttributeToUser(
                id=ids.uuid4(self.rng),
                member_id=member.id,
                attribute_option_id=option.id,
                created_at=now,
                updated_at=now,
            )
            self.world.insert("attribute_to_user", row)
