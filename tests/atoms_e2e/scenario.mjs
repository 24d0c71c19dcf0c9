// @calcom/atoms against the emulator: the real CalProvider mounted with react-dom in jsdom, and the
// hooks the atoms use, one step after another as a platform app would call them. Each step prints one
// JSON line {step, ok, detail}; the last line is {done, passed, failed}. Exit code 0 when all pass.
import "./dom.mjs";

import { CalProvider, useBookings, useCancelBooking, useConnectedCalendars, useEventTypes, useMe, useVerifyCode } from "@calcom/atoms";
import { createElement as h, useEffect, useRef, useState } from "react";
import { createRoot } from "react-dom/client";

import { useAtomsGetInstalledConferencingApps } from "atoms-dist/connect/conferencing-apps/hooks/use-atoms-get-installed-conferencing-apps.js";
import { useAtomBulkUpdateEventTypesToDefaultLocation } from "atoms-dist/connect/conferencing-apps/hooks/use-atom-bulk-update-event-types-to-default-location.js";
import { useAtomGetEventTypes } from "atoms-dist/connect/conferencing-apps/hooks/use-atom-get-event-types.js";
import { useGetDefaultConferencingApp } from "atoms-dist/connect/conferencing-apps/hooks/use-get-default-conferencing-app.js";
import { useUpdateUserDefaultConferencingApp } from "atoms-dist/connect/conferencing-apps/hooks/use-update-user-default-conferencing-app.js";
import { useAtomsEventTypeById } from "atoms-dist/event-types/hooks/use-atom-event-type-by-id.js";
import { useAtomGetPublicEvent } from "atoms-dist/hooks/event-types/public/use-atom-get-public-event.js";
import { useCreateBooking } from "atoms-dist/hooks/bookings/use-create-booking.js";
import { useAtomSchedule } from "atoms-dist/hooks/schedules/use-atom-schedule.js";
import { useAtomUpdateSchedule } from "atoms-dist/hooks/schedules/use-atom-update-schedule.js";
import { useCheck as useStripeCheck } from "atoms-dist/hooks/stripe/use-check.js";
import { useAvailableSlots } from "atoms-dist/hooks/use-available-slots.js";
import { useReserveSlot } from "atoms-dist/hooks/use-reserve-slot.js";

const emulator = process.env.EMULATOR_URL;
const clientId = process.env.ATOMS_E2E_CLIENT_ID ?? "cacmeplatform000000000001";
const username = process.env.ATOMS_E2E_USERNAME ?? "olivia-cacmeplatform000000000001-customer-example";
const accessToken = process.env.ATOMS_E2E_ACCESS_TOKEN;
const eventSlug = process.env.ATOMS_E2E_EVENT_SLUG ?? "30min";
const day = process.env.ATOMS_E2E_DAY ?? "2026-01-06"; // a weekday after the emulator's frozen clock
const STEP_TIMEOUT_MS = 20000;

if (!emulator || !accessToken) {
  console.error("EMULATOR_URL and ATOMS_E2E_ACCESS_TOKEN are required");
  process.exit(2);
}

const ctx = {}; // what a step learns for the steps after it
const results = [];

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

// A step runs its hook(s) in a component of its own; `settle` returns undefined while waiting, else
// throws (failure) or returns a detail to print (success).
function Step({ step, onDone }) {
  const state = step.use(ctx);
  const finished = useRef(false);
  useEffect(() => {
    if (finished.current) return;
    try {
      const detail = step.settle(state, ctx);
      if (detail === undefined) return;
      finished.current = true;
      onDone(true, detail);
    } catch (error) {
      finished.current = true;
      onDone(false, String(error?.message ?? error));
    }
  });
  return null;
}

function queryStep(name, use, check) {
  return {
    name,
    use,
    settle: (query) => {
      if (query.error) throw query.error;
      // some atoms hooks hand back only {isLoading, error, data}
      const ready = query.isSuccess ?? (!query.isLoading && query.data !== undefined);
      if (!ready) return undefined;
      return check(query.data) ?? "ok";
    },
  };
}

function mutationStep(name, use, payload, check) {
  return {
    name,
    use: (c) => {
      const mutation = use();
      const fired = useRef(false);
      useEffect(() => {
        if (!fired.current) {
          fired.current = true;
          mutation.mutate(payload(c));
        }
      }, []);
      return mutation;
    },
    settle: (mutation) => {
      if (mutation.isError) throw mutation.error;
      if (!mutation.isSuccess) return undefined;
      return check(mutation.data) ?? "ok";
    },
  };
}

async function emulatorJson(path, init) {
  const response = await fetch(`${emulator}${path}`, init);
  return response.json();
}

const steps = [
  queryStep("me", () => useMe(), (me) => {
    expect(me.data.username === username, `me is ${me.data.username}`);
    ctx.userId = me.data.id;
    ctx.timeZone = me.data.timeZone;
    ctx.scheduleId = me.data.defaultScheduleId;
    return `user ${me.data.id}`;
  }),
  queryStep("event types", () => useEventTypes(username), (eventTypes) => {
    const found = eventTypes.find((e) => e.slug === eventSlug);
    expect(found, `no ${eventSlug} among ${eventTypes.map((e) => e.slug)}`);
    ctx.eventTypeId = found.id;
    ctx.length = found.lengthInMinutes ?? found.length;
    return `event type ${found.id}`;
  }),
  queryStep("booker public event", () => useAtomGetPublicEvent({ username, eventSlug, isTeamEvent: false }), (event) => {
    expect(event.id === ctx.eventTypeId && event.slug === eventSlug, `public event ${event.id}/${event.slug}`);
    expect(Array.isArray(event.bookingFields) && event.bookingFields.some((f) => f.name === "email"), "no email field");
    return `${event.title}, ${event.length} min`;
  }),
  queryStep("event type settings", (c) => useAtomsEventTypeById(c.eventTypeId), (data) => {
    expect(data.eventType.id === ctx.eventTypeId, `settings of ${data.eventType.id}`);
    expect(Array.isArray(data.locationOptions) && data.locationOptions.length > 0, "no location options");
    return `${data.eventType.bookingFields.length} booking fields`;
  }),
  queryStep("schedule", (c) => useAtomSchedule(c.scheduleId), (schedule) => {
    expect(schedule.id === ctx.scheduleId, `schedule ${schedule?.id}`);
    expect(schedule.availability.length === 7, "availability is not a week");
    return schedule.name;
  }),
  mutationStep("schedule update", () => useAtomUpdateSchedule(), (c) => ({ scheduleId: c.scheduleId, body: { isDefault: true } }), (answer) => {
    expect(answer.status === "success" && answer.data.isDefault === true, JSON.stringify(answer));
  }),
  queryStep("available slots", (c) => useAvailableSlots({
    startTime: `${day}T00:00:00.000Z`,
    endTime: `${day}T23:59:59.999Z`,
    eventTypeId: c.eventTypeId,
    timeZone: c.timeZone,
    enabled: true,
  }), (data) => {
    const times = Object.values(data.slots ?? {}).flat();
    expect(times.length > 0, `no slots on ${day}`);
    ctx.start = times[0].time;
    ctx.end = new Date(Date.parse(ctx.start) + (ctx.length ?? 30) * 60000).toISOString();
    return `${times.length} slots from ${ctx.start}`;
  }),
  mutationStep("reserve", () => useReserveSlot(), (c) => ({
    eventTypeId: c.eventTypeId,
    slotUtcStartDate: c.start,
    slotUtcEndDate: c.end,
  }), (answer) => {
    expect(answer.status === "success" && answer.data, JSON.stringify(answer));
  }),
  mutationStep("create booking", () => useCreateBooking(), (c) => ({
    start: c.start,
    end: c.end,
    eventTypeId: c.eventTypeId,
    timeZone: c.timeZone,
    language: "en",
    metadata: {},
    responses: { name: "Ada Booker", email: "ada@guest.example" },
  }), (answer) => {
    ctx.bookingUid = answer.data.uid;
    expect(ctx.bookingUid, "no booking uid");
    return ctx.bookingUid;
  }),
  queryStep("bookings upcoming", () => useBookings({ status: ["upcoming"] }), (bookings) => {
    expect(bookings.some((b) => b.uid === ctx.bookingUid), "the new booking is not upcoming");
    return `${bookings.length} upcoming`;
  }),
  mutationStep("cancel", () => useCancelBooking(), (c) => ({ uid: c.bookingUid, cancellationReason: "Plans changed" }), () => {}),
  queryStep("bookings cancelled", () => useBookings({ status: ["cancelled"] }), (bookings) => {
    const found = bookings.find((b) => b.uid === ctx.bookingUid);
    expect(found && found.status === "cancelled", "the booking is not cancelled");
    return found.cancellationReason;
  }),
  queryStep("connected calendars", () => useConnectedCalendars(), (data) => {
    expect(Array.isArray(data.connectedCalendars), "no connectedCalendars list");
    return `${data.connectedCalendars.length} connected`;
  }),
  queryStep("conferencing apps", () => useAtomsGetInstalledConferencingApps(), (data) => {
    expect(data.items[0].slug === "daily-video" && data.items[0].isInstalled, "Cal Video is not first");
    return data.items.map((a) => a.slug).join(",");
  }),
  // Without a default the server answers no data at all, which the hook reports as an error: set one first.
  mutationStep("set default conferencing app", () => useUpdateUserDefaultConferencingApp({}), () => "daily-video", () => {}),
  queryStep("default conferencing app", () => useGetDefaultConferencingApp(), (data) => {
    expect(data.appSlug === "daily-video", `default is ${JSON.stringify(data)}`);
    return data.appSlug;
  }),
  queryStep("conferencing event types", () => useAtomGetEventTypes(), (data) => {
    expect(data.eventTypes.some((e) => e.id === ctx.eventTypeId), "the event type is not listed");
    return `${data.eventTypes.length} event types`;
  }),
  // the pytest side checks the event type's new location in the emulator's world
  mutationStep("move to default app", () => useAtomBulkUpdateEventTypesToDefaultLocation({}), (c) => [c.eventTypeId], () => {}),
  {
    name: "stripe check",
    use: () => useStripeCheck({}),
    settle: (check) => {
      if (!check.checked) return undefined;
      expect(check.allowConnect === true, "stripe looks connected");
      return "not connected, may connect";
    },
  },
  {
    name: "booker email code",
    use: () => {
      const [code, setCode] = useState(null);
      const verified = useRef(null);
      const verify = useVerifyCode({ onSuccess: (ok) => (verified.current = ok) });
      useEffect(() => {
        const email = "ada@guest.example";
        const json = { "content-type": "application/json" };
        emulatorJson("/v2/atoms/verification/email/send-code", { method: "POST", headers: json, body: JSON.stringify({ email }) })
          .then(() => emulatorJson(`/_emulator/outbox?to=${encodeURIComponent(email)}`))
          .then((outbox) => {
            const sent = outbox.messages.at(-1).code;
            setCode(sent);
            verify.verifyCodeWithSessionNotRequired(sent, email);
          });
      }, []);
      return { code, verified: verified.current, hasVerified: verify.hasVerified, error: verify.error };
    },
    settle: (state) => {
      if (state.error) throw new Error(state.error);
      if (!state.hasVerified) return undefined;
      return `verified with ${state.code.length} digits`;
    },
  },
];

function Runner() {
  const [index, setIndex] = useState(0);
  const started = useRef(Date.now());
  useEffect(() => {
    started.current = Date.now();
    const timer = setTimeout(() => finish(false, `no answer within ${STEP_TIMEOUT_MS} ms`), STEP_TIMEOUT_MS);
    return () => clearTimeout(timer);
  }, [index]);
  function finish(ok, detail) {
    if (index >= steps.length || results.length > index) return;
    const line = { step: steps[index].name, ok, detail, ms: Date.now() - started.current };
    results.push(line);
    console.log(JSON.stringify(line));
    if (!ok || index + 1 === steps.length) return report();
    setIndex(index + 1);
  }
  if (index >= steps.length) return null;
  return h(Step, { key: steps[index].name, step: steps[index], onDone: finish });
}

function report() {
  const failed = results.filter((r) => !r.ok).length;
  console.log(JSON.stringify({ done: true, passed: results.length - failed, failed, total: steps.length }));
  setTimeout(() => process.exit(failed || results.length < steps.length ? 1 : 0), 10);
}

const provider = h(
  CalProvider,
  {
    clientId,
    accessToken,
    options: { apiUrl: `${emulator}/v2`, refreshUrl: `${emulator}/refresh-not-used` },
    autoUpdateTimezone: false,
  },
  h(Runner),
);
createRoot(document.getElementById("root")).render(provider);
