"""emulator/domain/workflows_messages.py and workflows_reminders.py: the text of a reminder, when it is due,
which messages a step sends, and the outbox's cap.

It is Monday 2026-01-05 09:00 UTC.
"""

from __future__ import annotations

from datetime import timedelta

from emulator.domain import outbox, workflows_reminders
from emulator.domain.workflows_messages import Occasion, day_format, fill, text
from emulator.world.models import Attendee, Booking, Team, User
from emulator.world.records_verified import OutboxMessage
from emulator.world.records_workflows import Workflow, WorkflowStep
from tests.domain.slot_world import SlotWorld, at


def world_with_booking(start: str = "2026-01-06T10:00:00Z") -> tuple[SlotWorld, Booking, Workflow]:
    w = SlotWorld()
    host = w.user("hana", email="hana@example.com")
    w.world.update("users", host.id, name="Hana Host", time_format=24)
    team = w.world.insert("teams", Team(w.world.next_id("teams"), "Team", "team"))
    event = w.event_type(None, 30, team_id=team.id, scheduling_type="COLLECTIVE")
    guest = Attendee(1, "Gil Guest Grey", "gil@example.org", "Asia/Tokyo", phone_number="+15550100")
    booking = Booking(
        1,
        "uid-1",
        host.id,
        event.id,
        "Chat",
        at(start),
        at(start) + timedelta(minutes=30),
        attendees=(guest,),
        location="integrations:daily",
        metadata={"videoCallUrl": "https://app.cal.com/video/uid-1"},
        responses={"name": "Gil", "Company size": "40"},
    )
    w.world.insert("bookings", booking)
    workflow = Workflow(1, "Remind", team.id, time=1, time_unit="DAY", active_on=(event.id,))
    w.world.insert("workflows", workflow)
    return w, booking, workflow


def test_day_format_tokens() -> None:
    moment = at("2026-01-06T15:04:05Z")
    assert day_format(moment, "dddd, MMMM D, YYYY h:mma") == "Tuesday, January 6, 2026 3:04pm"
    assert day_format(moment, "ddd DD/MM/YY HH:mm:ss [at] A") == "Tue 06/01/26 15:04:05 at PM"


def test_fill_the_variables() -> None:
    w, booking, _ = world_with_booking()
    host: User = w.world.get("users", booking.user_id)
    occasion = Occasion(booking, None, host, booking.attendees[0], "Asia/Tokyo")
    filled = fill(
        "{EVENT_NAME} {ORGANIZER} {ATTENDEE_FIRST_NAME}/{ATTENDEE_LAST_NAME} {EVENT_DATE} {EVENT_TIME}-"
        "{EVENT_END_TIME} {TIMEZONE} {LOCATION} {MEETING_URL} {EVENT_DATE_YYYY-MM-DD} {COMPANY_SIZE} {UNKNOWN}",
        occasion,
    )
    assert filled == (
        "Chat Hana Host Gil/Grey Tuesday, January 6, 2026 19:00-19:30 Asia/Tokyo Cal Video "
        "https://app.cal.com/video/uid-1 2026-01-06 40 {UNKNOWN}"
    )
    assert text(None, occasion, to_attendee=True) == (
        "Hi Gil Guest Grey, this is a reminder that your meeting (Chat) with Hana Host is on 2026 Jan 6 at 19:00 "
        "Asia/Tokyo."
    )


def test_due_times() -> None:
    _, booking, workflow = world_with_booking()
    assert workflows_reminders.due_at(workflow, booking, "BEFORE_EVENT") == at("2026-01-05T10:00:00Z")
    assert workflows_reminders.due_at(workflow, booking, "AFTER_EVENT") == at("2026-01-07T10:30:00Z")
    assert workflows_reminders.due_at(Workflow(2, "x", 1, time=0), booking, "BEFORE_EVENT") is None


def test_text_messages_need_fifteen_minutes() -> None:
    w, booking, workflow = world_with_booking()
    sms = WorkflowStep(7, 1, "SMS_ATTENDEE")
    for minutes, sent in ((60 * 25 - 16, True), (60 * 25 - 15, False)):  # due 16 and 15 minutes from now
        timed = Workflow(1, "Remind", workflow.team_id, time=minutes, time_unit="MINUTE", active_on=workflow.active_on)
        outbox.clear(w.world)
        workflows_reminders.send_step(w.world, timed, sms, booking, "BEFORE_EVENT")
        assert len(outbox.messages(w.world)) == (1 if sent else 0), minutes
    # an offset beyond any calendar schedules nothing and does not fail
    huge = Workflow(1, "Remind", workflow.team_id, time=2**31 - 1, time_unit="DAY", active_on=workflow.active_on)
    workflows_reminders.send_step(w.world, huge, WorkflowStep(8, 1, "EMAIL_HOST"), booking, "BEFORE_EVENT")


def test_recipients_of_each_action() -> None:
    w, booking, _ = world_with_booking()
    gil = booking.attendees[0]
    assert workflows_reminders.recipients(w.world, WorkflowStep(1, 1, "EMAIL_HOST"), booking) == [
        ("hana@example.com", gil)
    ]
    assert workflows_reminders.recipients(w.world, WorkflowStep(1, 1, "EMAIL_ATTENDEE"), booking) == [
        ("gil@example.org", gil)
    ]
    assert workflows_reminders.recipients(w.world, WorkflowStep(1, 1, "SMS_ATTENDEE"), booking) == [("+15550100", gil)]
    address = WorkflowStep(1, 1, "EMAIL_ADDRESS", send_to="ops@example.com")
    assert workflows_reminders.recipients(w.world, address, booking) == [("ops@example.com", gil)]


def test_the_outbox_drops_its_oldest() -> None:
    w = SlotWorld()
    w.world.message_limit = 2
    for n in range(3):
        outbox.deliver(w.world, OutboxMessage(n + 1, "email", "a@example.com", None, "hi", None, w.now))
    assert [m.id for m in outbox.messages(w.world)] == [2, 3]
    later = OutboxMessage(9, "sms", "+1555", None, "hi", None, w.now, scheduled_at=w.now + timedelta(hours=1))
    assert outbox.status(later, w.now) == "scheduled"
    assert outbox.status(later, w.now + timedelta(hours=2)) == "sent"
