"""Building people: users and their API keys, teams and memberships, OAuth clients and managed users, schedules."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from emulator.world import fixture_times as times
from emulator.world import ids, tokens
from emulator.world.fixture_base import ACCESS_MINUTES, DAY_NUMBERS, ROLES, SLUG, BuilderBase
from emulator.world.models import (
    ApiKey,
    Availability,
    DateOverride,
    Membership,
    OAuthClient,
    Schedule,
    Team,
    Token,
    User,
)
from emulator.world.platform_names import client_email, managed_username
from emulator.world.yaml_source import DocPath


class PeopleBuilder(BuilderBase):
    # users -----------------------------------------------------------------------------------
    def users(self) -> None:
        for key, spec, path in self.records("users"):
            if not self.claim_key("users", key, path, plain=True):
                continue
            user = self.make_user(key, spec, path, email=str(spec.get("email", "")))
            self.world.insert("users", user)
            for i, item in enumerate(spec.get("apiKeys") or []):
                self.api_key(user, item, (*path, "apiKeys", i))

    def make_user(
        self,
        key: str,
        spec: dict[str, Any],
        path: DocPath,
        *,
        email: str,
        platform_client_id: str | None = None,
        organization_id: int | None = None,
    ) -> User:
        lower = email.lower()
        if lower in self.ctx.emails:
            self.error((*path, "email"), f"e-mail {email!r} is already used by user {self.ctx.emails[lower]!r}")
        self.ctx.emails[lower] = key
        username = str(spec.get("username", key))
        if username.lower() in self.ctx.usernames:
            where = (*path, "username") if "username" in spec else path
            used_by = self.ctx.usernames[username.lower()]
            self.error(
                where, f"username {username!r} is already used by user {used_by!r}", at_key="username" not in spec
            )
        self.ctx.usernames[username.lower()] = key
        user_id = self.world.next_id("users")
        self.user_specs.append((user_id, spec, path))
        return User(
            id=user_id,
            username=username,
            email=email,
            name=str(spec.get("name", key)),
            time_zone=self.zone(spec, path, "Europe/London"),
            locale=spec.get("locale", "en"),
            week_start=spec.get("weekStart", "Monday"),
            time_format=spec.get("timeFormat", 12),
            plan=spec.get("plan", "free"),
            billing_status=spec.get("billingStatus", "active"),
            role=spec.get("role", "USER"),
            bio=spec.get("bio"),
            avatar_url=spec.get("avatarUrl"),
            brand_color=spec.get("brandColor"),
            dark_brand_color=spec.get("darkBrandColor"),
            theme=spec.get("theme"),
            organization_id=organization_id,
            platform_client_id=platform_client_id,
            locked=spec.get("locked", False),
            email_verified=self.time(spec, "emailVerified", path),
            requires_booker_email_verification=bool(spec.get("requiresBookerEmailVerification", False)),
            metadata=dict(spec.get("metadata") or {}),
            created_date=self.time(spec, "createdDate", path) or self.now,
            key=key,
        )

    def api_key(self, user: User, spec: dict[str, Any], path: DocPath) -> None:
        value = spec.get("key") or ids.api_key(self.rng)
        if value in self.ctx.api_keys:
            self.error((*path, "key"), f"API key {value!r} is already used")
        self.ctx.api_keys.add(value)
        record_id = spec.get("id") or ids.cuid(self.rng)
        if record_id in self.world.tables["api_keys"]:
            self.error((*path, "id"), f"API key id {record_id!r} is already used")
            return
        self.world.insert(
            "api_keys",
            ApiKey(
                id=record_id,
                user_id=user.id,
                key=value,
                hashed_key=ids.hash_api_key(value),
                note=spec.get("note"),
                expires_at=self.time(spec, "expiresAt", path),
                created_at=self.time(spec, "createdAt", path) or self.now,
                rate_limit=spec.get("rateLimit"),
            ),
        )

    # teams -----------------------------------------------------------------------------------
    def teams(self) -> None:
        created: list[tuple[Team, dict[str, Any], DocPath]] = []
        for key, spec, path in self.records("teams"):
            if not self.claim_key("teams", key, path, plain=True):
                continue
            is_org = bool(spec.get("isOrganization", False))
            team = Team(
                id=self.world.next_id("teams"),
                name=str(spec.get("name", key)),
                slug=str(spec.get("slug", key)),
                is_organization=is_org,
                is_platform=bool(spec.get("isPlatform", False)),
                platform_plan=spec.get("platformPlan"),
                admin_api=bool(spec.get("adminApi", True)),
                plan=spec.get("plan", "organization" if is_org else "team"),
                billing_status=spec.get("billingStatus", "active"),
                bio=spec.get("bio"),
                logo_url=spec.get("logoUrl"),
                time_zone=self.zone(spec, path, "Europe/London"),
                week_start=spec.get("weekStart", "Monday"),
                hide_branding=spec.get("hideBranding", False),
                is_private=spec.get("isPrivate", False),
                metadata=dict(spec["metadata"]) if isinstance(spec.get("metadata"), dict) else None,
                created_at=self.time(spec, "createdAt", path) or self.now,
                key=key,
            )
            self.world.insert("teams", team)
            created.append((team, spec, path))
        for team, spec, path in created:  # second pass: parents may come later in the file
            parent_id = None
            if "parent" in spec:
                parent_id = self.ref("teams", spec["parent"], (*path, "parent"))
                parent = self.find("teams", parent_id)
                if parent is not None and not parent.is_organization:
                    self.error(
                        (*path, "parent"),
                        f"team {spec['parent']!r} is not an organization (give it isOrganization: true)",
                    )
                if parent_id is not None:
                    self.world.update("teams", team.id, parent_id=parent_id)
            if (parent_id, team.slug) in self.ctx.team_slugs:
                where = (*path, "slug") if "slug" in spec else path
                scope = f"organization {spec['parent']!r}" if parent_id else "the top level"
                self.error(where, f"team slug {team.slug!r} is already used in {scope}", at_key="slug" not in spec)
            self.ctx.team_slugs.add((parent_id, team.slug))
            if not SLUG.fullmatch(team.slug):
                self.error(
                    path, f"team slug {team.slug!r} (from the key) must be lower-case letters, digits, '-'", at_key=True
                )
            self.memberships(team, spec.get("members") or {}, (*path, "members"))

    def memberships(self, team: Team, members: dict[str, Any], path: DocPath) -> None:
        for user_key, value in members.items():
            member_path = (*path, user_key)
            user_id = self.ref("users", user_key, member_path)
            if isinstance(value, dict):
                role, role_path, accepted = value.get("role"), (*member_path, "role"), value.get("accepted", True)
            else:
                role, role_path, accepted = value, member_path, True
            if role not in ROLES:
                self.error(role_path, f"membership role {role!r} is not one of: {', '.join(ROLES)}")
            if user_id is None:
                continue
            self.world.insert(
                "memberships",
                Membership(
                    id=self.world.next_id("memberships"),
                    team_id=team.id,
                    user_id=user_id,
                    role=str(role),
                    accepted=accepted,
                ),
            )
            self.members_of(team.id).add(user_id)
            if team.is_organization:
                user = self.world.get("users", user_id)
                if user.organization_id is None:
                    self.world.update("users", user_id, organization_id=team.id)

    # OAuth clients and managed users -----------------------------------------------------------
    def oauth_clients(self) -> None:
        for key, spec, path in self.records("oauthClients"):
            if not self.claim_key("oauth_clients", key, path, plain=True):
                continue
            org_id = self.ref("teams", spec.get("organization"), (*path, "organization"))
            org = self.find("teams", org_id)
            if org is not None and not org.is_organization:
                self.error((*path, "organization"), f"team {spec['organization']!r} is not an organization")
            client_id = spec.get("id") or ids.cuid(self.rng)
            if client_id in self.world.tables["oauth_clients"]:
                self.error((*path, "id"), f"OAuth client id {client_id!r} is already used")
                continue
            client = OAuthClient(
                id=client_id,
                secret=spec.get("secret") or ids.secret(self.rng),
                name=str(spec.get("name", key)),
                organization_id=org_id or 0,
                permissions=spec.get("permissions", 1023),
                rate_limit=spec.get("rateLimit"),
                redirect_uris=tuple(spec.get("redirectUris") or ()),
                logo=spec.get("logo"),
                booking_redirect_uri=spec.get("bookingRedirectUri"),
                booking_cancel_redirect_uri=spec.get("bookingCancelRedirectUri"),
                booking_reschedule_redirect_uri=spec.get("bookingRescheduleRedirectUri"),
                are_emails_enabled=spec.get("areEmailsEnabled", False),
                are_default_event_types_enabled=spec.get("areDefaultEventTypesEnabled", True),
                are_calendar_events_enabled=spec.get("areCalendarEventsEnabled", True),
                created_at=self.time(spec, "createdAt", path) or self.now,
                key=key,
            )
            self.world.insert("oauth_clients", client)
            for user_key, user_spec in (spec.get("managedUsers") or {}).items():
                self.managed_user(client, user_key, user_spec, (*path, "managedUsers", user_key))

    def managed_user(self, client: OAuthClient, key: str, spec: dict[str, Any], path: DocPath) -> None:
        if not self.claim_key("users", key, path, plain=True):
            return
        # Named, and placed in the client's organization, as the managed-users API does it.
        email = client_email(client.id, str(spec.get("email", "")))
        spec = {"username": managed_username(email), **spec}
        user = self.make_user(
            key, spec, path, email=email, platform_client_id=client.id, organization_id=client.organization_id or None
        )
        self.world.insert("users", user)
        if client.organization_id:
            membership = Membership(
                id=self.world.next_id("memberships"), team_id=client.organization_id, user_id=user.id, role="MEMBER"
            )
            self.world.insert("memberships", membership)
            self.members_of(client.organization_id).add(user.id)
        access_expiry = self.time(spec, "accessTokenExpiresAt", path) or times.start_of_minute(
            self.now + timedelta(minutes=ACCESS_MINUTES)
        )
        refresh_expiry = self.time(spec, "refreshTokenExpiresAt", path) or times.start_of_day(times.add_year(self.now))
        self.token(client, user, "access", spec, (*path, "accessToken"), access_expiry)
        self.token(client, user, "refresh", spec, (*path, "refreshToken"), refresh_expiry)

    def token(
        self, client: OAuthClient, user: User, kind: str, spec: dict[str, Any], path: DocPath, expiry: datetime
    ) -> None:
        value = spec.get(f"{kind}Token")
        if value is not None and str(value).startswith(ids.API_KEY_PREFIX):
            self.error(path, f"a token may not start with {ids.API_KEY_PREFIX!r}: that is how API keys are told apart")
        if value is None:
            token = tokens.mint(self.world, client.id, user.id, kind, expiry, self.now)
        else:
            token = self.world.insert(
                "tokens",
                Token(
                    id=self.world.next_id("tokens"),
                    kind=kind,
                    secret=str(value),
                    client_id=client.id,
                    user_id=user.id,
                    expires_at=expiry,
                ),
            )
        if token.secret in self.ctx.tokens:
            self.error(path, "this token is already used")
        self.ctx.tokens.add(token.secret)

    # schedules -------------------------------------------------------------------------------
    def schedules(self) -> None:
        for key, spec, path in self.records("schedules"):
            if not self.claim_key("schedules", key, path):
                continue
            owner_key, _, tail = key.partition("/")
            if "owner" in spec:
                owner_key, owner_path = spec["owner"], (*path, "owner")
            elif tail:
                owner_path = path
            else:
                self.error(
                    path,
                    f"schedule {key!r} needs an owner: add owner: <user key>, or name it <user key>/<name>",
                    at_key=True,
                )
                continue
            user_id = self.ref("users", owner_key, owner_path)
            zone = self.zone(spec, path, self.user_zone(user_id))
            availability = [
                self.availability(s, (*path, "availability", i)) for i, s in enumerate(spec.get("availability") or [])
            ]
            overrides = [self.override(s, (*path, "overrides", i)) for i, s in enumerate(spec.get("overrides") or [])]
            schedule = Schedule(
                id=self.world.next_id("schedules"),
                user_id=user_id or 0,
                name=str(spec.get("name", tail or key)),
                time_zone=zone,
                availability=tuple(a for a in availability if a is not None),
                overrides=tuple(o for o in overrides if o is not None),
                key=key,
            )
            self.world.insert("schedules", schedule)
            if user_id is not None:
                self.new_schedules.setdefault(user_id, schedule.id)

    def span(self, spec: dict[str, Any], path: DocPath, *, allow_day_off: bool) -> tuple[str, str] | None:
        start, end = self.clock(spec, "start", path), self.clock(spec, "end", path)
        if start is None or end is None:
            return None
        if allow_day_off and start == end == "00:00":
            return start, end
        if end <= start:
            self.error(
                (*path, "end"),
                f"end {end} is not after start {start}"
                + (" (use 00:00 to 00:00 for a day off)" if allow_day_off else ""),
            )
            return None
        return start, end

    def availability(self, spec: dict[str, Any], path: DocPath) -> Availability | None:
        days = tuple(sorted({d if isinstance(d, int) else DAY_NUMBERS[d] for d in spec.get("days", [])}))
        span = self.span(spec, path, allow_day_off=False)
        return Availability(days=days, start=span[0], end=span[1]) if span else None

    def override(self, spec: dict[str, Any], path: DocPath) -> DateOverride | None:
        try:
            when = times.day(str(spec.get("date")), self.now)
        except ValueError as exc:
            self.error((*path, "date"), str(exc))
            when = None
        span = self.span(spec, path, allow_day_off=True)
        return DateOverride(date=when, start=span[0], end=span[1]) if span and when else None

    def default_schedules(self) -> None:
        for user_id, spec, path in self.user_specs:
            named = spec.get("defaultSchedule")
            if named is None:
                continue
            schedule_id = self.ref("schedules", named, (*path, "defaultSchedule"))
            schedule = self.find("schedules", schedule_id)
            if schedule is None:
                continue
            if schedule.user_id != user_id:
                owner = self.label("users", schedule.user_id)
                self.error((*path, "defaultSchedule"), f"schedule {named!r} belongs to user {owner}, not to this user")
                continue
            self.world.update("users", user_id, default_schedule_id=schedule_id)
        for user_id, schedule_id in self.new_schedules.items():
            user = self.find("users", user_id)
            if user is not None and user.default_schedule_id is None:
                self.world.update("users", user_id, default_schedule_id=schedule_id)
