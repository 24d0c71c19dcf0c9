"""Workflows of organization teams: the rules of apps/api/v2/src/modules/workflows
(TeamEventTypeWorkflowsService, WorkflowsInputService, WorkflowsRepository) and of the web app's
update handler they call (packages/trpc/server/routers/viewer/workflows/update.handler.ts, util.ts).

- Creating makes a husk (no name, ``beforeEvent`` 24 hours, active nowhere, no steps) and then
  updates it, so what a create leaves out is the husk's: a create without ``trigger`` is a 24-hour
  ``beforeEvent`` workflow, one without ``activation`` is active on no event type.
- An update keeps what it does not send. A trigger without an offset keeps the workflow's time; an
  offset trigger's offset replaces it.
- ``steps`` replaces the list: a sent step whose id is one of the workflow's is edited, one with an
  id of 0 or less is added, one with another id is dropped, and the workflow's steps not sent are
  deleted. A step's ``template`` and ``recipient`` are not read (the validation pipe strips
  properties without validators), so new steps use the reminder template. The input service keeps
  the message body of email steps and ``whatsapp_number`` steps only: other text steps get the
  built-in reminder text.
- ``email_address``, ``sms_number`` and ``whatsapp_number`` steps name a verified email or phone of
  the team by id; another id is 400 ``Invalid Verified Email Id.`` / ``Invalid Verified Phone Id.``.
- Only an ADMIN or OWNER member of the team may write (isAuthorized): anyone else (an organization
  admin the roles guard let through) gets the tRPC UNAUTHORIZED, 401. Event types of another team
  are refused the same way; ids of no event type, and managed children named directly, are dropped;
  a managed parent brings its children along.
- After a write the reminders follow (workflows_reminders.py): those of deleted or edited steps, of
  event types no longer active, and all of them when the trigger or offset changed, are withdrawn;
  edited and added steps (all steps on a trigger change) are scheduled for the upcoming bookings of
  the active event types, and every step for event types newly activated.
- Deleting removes the workflow; reminders already handed to the email or SMS provider still go out
  (the API's delete does not cancel them, unlike the web app's).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from emulator.domain import verified_resources, workflows_reminders
from emulator.domain.errors import DomainError
from emulator.domain.workflows_reminders import OFFSET_TRIGGERS, SENDER_ID, SENDER_NAME, team_event_types, upcoming
from emulator.world.models import EventType, User
from emulator.world.records_verified import OutboxMessage
from emulator.world.records_workflows import Workflow, WorkflowStep
from emulator.world.store import World

TABLE = "workflows"
STEPS = "workflow_steps"  # id counter of the steps
TRPC = "TRPCError"
UNAUTHORIZED = "You are not authorized to access this resource"  # the tRPC filter's text for UNAUTHORIZED
NOT_FOUND = "IsWorkflowInTeam - event-type workflow ({id}) not found."
BAD_EMAIL = "Invalid Verified Email Id."
BAD_PHONE = "Invalid Verified Phone Id."
EMAIL_ACTIONS = ("EMAIL_HOST", "EMAIL_ATTENDEE", "EMAIL_ADDRESS")
ATTENDEE_PHONE = ("SMS_ATTENDEE", "WHATSAPP_ATTENDEE")
# the actions whose message body the input service passes on (the others' bodies are dropped)
BODY_KEPT = (*EMAIL_ACTIONS, "WHATSAPP_NUMBER")
# the input triggers whose offset the input service reads (OffsetTriggerDTOInstances: the hosts'
# no-show trigger is not among them, so its offset is ignored and the workflow's time stays)
OFFSET_INPUTS = (*OFFSET_TRIGGERS, "AFTER_GUESTS_CAL_VIDEO_NO_SHOW")


@dataclass(frozen=True)
class StepInput:
    """One step as the input service maps it (action as Prisma spells it)."""

    id: int | None  # None on create; the id sent on update
    step_number: int
    action: str
    sender: str
    subject: str
    html: str | None = None
    text: str | None = None
    include_calendar_event: bool = False
    phone_required: bool | None = None
    verified_id: float | None = None  # verifiedEmailId or verifiedPhoneId


@dataclass(frozen=True)
class WorkflowInput:
    """A create or update body, parsed. None: not sent (the workflow's value stays)."""

    name: str | None = None
    is_active_on_all: bool | None = None
    active_on: tuple[float, ...] | None = None
    trigger: str | None = None
    offset_value: int | None = None
    offset_unit: str | None = None
    steps: tuple[StepInput, ...] | None = None


# reading ------------------------------------------------------------------------------------------


def of_team(world: World, team_id: int) -> list[Workflow]:
    found = world.where(TABLE, lambda w: w.team_id == team_id and w.type == "EVENT_TYPE")
    return sorted(found, key=lambda w: w.id)


def in_team(world: World, team_id: int, raw_id: str) -> Workflow:
    """IsEventTypeWorkflowInTeam: the team's event-type workflow with that id, else 404."""
    try:
        number = float(raw_id)
    except ValueError:
        number = float("nan")
    found: Workflow | None = world.find(TABLE, int(number)) if number.is_integer() else None
    if found is None or found.team_id != team_id or found.type != "EVENT_TYPE":
        raise DomainError(404, NOT_FOUND.format(id=raw_id))
    return found


# writing ------------------------------------------------------------------------------------------


def create(world: World, user: User, team_id: int, data: WorkflowInput) -> Workflow:
    husk = Workflow(id=world.next_id(TABLE), name="", team_id=team_id)
    world.insert(TABLE, husk)
    return _apply(world, user, husk, data)


def update(world: World, user: User, workflow: Workflow, data: WorkflowInput) -> Workflow:
    return _apply(world, user, workflow, data)


def delete(world: World, workflow: Workflow) -> None:
    world.delete(TABLE, workflow.id)


def _apply(world: World, user: User, current: Workflow, data: WorkflowInput) -> Workflow:
    team_id = current.team_id
    assert team_id is not None
    mapped = _mapped_steps(world, team_id, data.steps) if data.steps is not None else None
    _authorize(world, user, team_id)
    time, unit = current.time, current.time_unit
    if data.trigger in OFFSET_INPUTS:
        time = data.offset_value if data.offset_value is not None else time
        unit = data.offset_unit or unit
    is_all = current.is_active_on_all if data.is_active_on_all is None else data.is_active_on_all
    requested = current.active_on if data.active_on is None else data.active_on
    steps, kept = _steps(world, current, mapped)
    updated: Workflow = world.update(
        TABLE,
        current.id,
        name=current.name if data.name is None else data.name,
        trigger=data.trigger or current.trigger,
        time=time,
        time_unit=unit,
        is_active_on_all=is_all,
        active_on=_active_on(world, team_id, current, requested),
        steps=steps,
    )
    _follow(world, current, updated, kept)
    return updated


def _authorize(world: World, user: User, team_id: int) -> None:
    """isAuthorized for a write: an accepted ADMIN or OWNER membership of the workflow's team."""
    member = world.where("memberships", lambda m: m.team_id == team_id and m.user_id == user.id)
    if not member or not member[0].accepted or member[0].role == "MEMBER":
        raise DomainError(401, UNAUTHORIZED, code=TRPC)


def _whole(value: float) -> int | None:
    return int(value) if float(value).is_integer() else None


def _active_on(world: World, team_id: int, current: Workflow, requested: tuple[float, ...]) -> tuple[int, ...]:
    """The event types the workflow will be active on: the team's top-level ones named, each with its
    managed children; naming an event type of another team is UNAUTHORIZED."""
    old = team_event_types(world, team_id) if current.is_active_on_all else list(current.active_on)
    wanted = [n for n in (_whole(v) for v in requested) if n is not None]
    for event_type_id in wanted:
        found: EventType | None = world.find("event_types", event_type_id)
        if event_type_id not in old and found is not None and found.team_id != team_id:
            raise DomainError(401, UNAUTHORIZED, code=TRPC)
    out: list[int] = []
    tops = sorted({e for e in wanted if _top_level(world, e)})
    for event_type_id in tops:
        out += [event_type_id, *workflows_reminders.children(world, event_type_id)]
    return tuple(out)


def _top_level(world: World, event_type_id: int) -> bool:
    found: EventType | None = world.find("event_types", event_type_id)
    return found is not None and found.parent_id is None


def _verified(world: World, team_id: int, step: StepInput) -> str | None:
    """The address or number a step's verified id names (the team's own rows only)."""
    if step.action == "EMAIL_ADDRESS":
        table, message = verified_resources.EMAILS, BAD_EMAIL
    elif step.action in ("SMS_NUMBER", "WHATSAPP_NUMBER"):
        table, message = verified_resources.NUMBERS, BAD_PHONE
    else:
        return None
    number = _whole(step.verified_id) if step.verified_id is not None else None
    row = next((r for r in world.where(table, lambda r: r.id == number and r.team_id == team_id)), None)
    if not number or row is None:
        raise DomainError(400, message)
    value: str = row.email if table == verified_resources.EMAILS else row.phone_number
    return value


def _mapped_steps(world: World, team_id: int, sent: tuple[StepInput, ...]) -> list[tuple[int, WorkflowStep]]:
    """(the id the step was sent with, the step as it will be stored) per sent step."""
    out: list[tuple[int, WorkflowStep]] = []
    for index, step in enumerate(sent):
        email = step.action in EMAIL_ACTIONS
        body = (step.html if email else step.text) if step.action in BODY_KEPT else None
        record = WorkflowStep(
            id=0,
            step_number=step.step_number,
            action=step.action,
            send_to=_verified(world, team_id, step),
            reminder_body=body,
            email_subject=step.subject,
            sender=step.sender or (SENDER_NAME if email else SENDER_ID),
            number_required=(step.phone_required or False) if step.action in ATTENDEE_PHONE else None,
            include_calendar_event=step.include_calendar_event if email else False,
        )
        out.append((step.id if step.id is not None else -(index + 1), record))
    return out


def _steps(
    world: World, current: Workflow, mapped: list[tuple[int, WorkflowStep]] | None
) -> tuple[tuple[WorkflowStep, ...], set[int]]:
    """The steps after the write, and the ids of the old steps left as they were."""
    if mapped is None:
        return current.steps, {s.id for s in current.steps}
    old = {s.id: s for s in current.steps}
    out: list[WorkflowStep] = []
    for sent_id, step in mapped:
        if sent_id in old:
            out.append(replace(step, id=sent_id, template=old[sent_id].template))
        elif sent_id <= 0:
            out.append(replace(step, id=world.next_id(STEPS)))
    return tuple(out), set()


def _event_types(world: World, workflow: Workflow) -> list[int]:
    assert workflow.team_id is not None
    return team_event_types(world, workflow.team_id) if workflow.is_active_on_all else list(workflow.active_on)


def _follow(world: World, before: Workflow, after: Workflow, kept: set[int]) -> None:
    """The reminders after a write: withdraw what no longer holds, schedule what is new."""
    retimed = (before.trigger, before.time, before.time_unit) != (after.trigger, after.time, after.time_unit)
    still = set(_event_types(world, after))
    dropped = set(_event_types(world, before)) - still
    bookings = {b.uid: b.event_type_id for b in world.all("bookings")}

    def stale(message: OutboxMessage) -> bool:
        if message.workflow_id != before.id:
            return False
        in_dropped = bookings.get(message.booking_uid or "") in dropped
        return retimed or message.workflow_step_id not in kept or in_dropped

    workflows_reminders.cancel_where(world, stale)
    fresh = [s for s in after.steps if retimed or s.id not in kept]
    unchanged = [s for s in after.steps if s not in fresh]
    workflows_reminders.schedule(world, after, fresh, upcoming(world, still, after.trigger))
    added = still - set(_event_types(world, before))
    workflows_reminders.schedule(world, after, unchanged, upcoming(world, added, after.trigger))
