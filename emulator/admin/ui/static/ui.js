// The dashboard's script (docs/ui.md). The page shell holds no data: this script fetches the page's
// content from /_emulator/ui/part/<page>, wires its links and buttons to the admin API, and polls
// /_emulator/ui/pulse to redraw when the journal or the deliveries change.
"use strict";

(() => {
  const BASE = "/_emulator/ui";
  const TOKEN_KEY = "calcom-emulator.admin-token";
  const WORLD_KEY = "calcom-emulator.world";
  const WORLD_HEADER = "x-calcom-emulator-world";
  const POLL_MS = 1500;

  const page = document.body.dataset.page;
  const main = document.getElementById("main");
  const flashBox = document.getElementById("flash");
  const live = document.getElementById("live");
  let last = null; // the pulse the page was drawn after
  let openSeq = null; // the journal entry shown below the list

  // ?token= and ?world= are read once, kept in this tab's session storage, and taken off the address.
  (() => {
    const url = new URL(location.href);
    let changed = false;
    for (const [param, key] of [["token", TOKEN_KEY], ["world", WORLD_KEY]]) {
      if (url.searchParams.has(param)) {
        sessionStorage.setItem(key, url.searchParams.get(param));
        url.searchParams.delete(param);
        changed = true;
      }
    }
    if (changed) history.replaceState(null, "", url);
  })();

  // Every call to the emulator goes through here: it adds the admin token and the chosen world.
  function admin(path, options = {}) {
    const headers = new Headers(options.headers || {});
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.set("Authorization", "Bearer " + token);
    const world = sessionStorage.getItem(WORLD_KEY);
    if (world && world !== "default") headers.set(WORLD_HEADER, world);
    if (options.json !== undefined) {
      headers.set("Content-Type", "application/json");
      options = { ...options, body: JSON.stringify(options.json) };
    }
    return fetch(path, { ...options, headers, cache: "no-store" });
  }

  function flash(text, kind = "ok") {
    flashBox.textContent = text;
    flashBox.className = "flash " + kind;
    clearTimeout(flash.timer);
    flash.timer = setTimeout(() => { flashBox.textContent = ""; flashBox.className = ""; }, 5000);
  }

  function needToken() {
    const form = document.getElementById("token-form");
    form.hidden = false;
    main.innerHTML = "";
    main.removeAttribute("aria-busy");
  }

  async function load() {
    const response = await admin(`${BASE}/part/${page}${location.search}`);
    if (response.status === 401) return needToken();
    document.getElementById("token-form").hidden = true;
    main.innerHTML = await response.text();
    main.dataset.status = String(response.status);
    main.removeAttribute("aria-busy");
    if (openSeq !== null && document.getElementById("detail")) await openEntry(openSeq, false);
  }

  async function openEntry(seq, scroll = true) {
    const detail = document.getElementById("detail");
    if (!detail) return;
    const response = await admin(`${BASE}/part/journal/${encodeURIComponent(seq)}`);
    if (response.status === 401) return needToken();
    detail.innerHTML = await response.text();
    openSeq = response.ok ? seq : null;
    for (const row of document.querySelectorAll("tr.entry")) {
      row.classList.toggle("selected", row.dataset.seq === String(seq));
    }
    if (scroll) detail.scrollIntoView({ block: "start" });
  }

  async function showJson(href, title) {
    const response = await admin(href);
    if (response.status === 401) return needToken();
    const text = await response.text();
    let pretty = text;
    try { pretty = JSON.stringify(JSON.parse(text), null, 2); } catch (e) { /* shown as it came */ }
    document.getElementById("json-title").textContent = title;
    document.getElementById("json-body").textContent = pretty;
    document.getElementById("json-raw").href = href;
    document.getElementById("json-dialog").showModal();
  }

  // Ask the admin API; say what it answered; redraw.
  async function act(path, options, done) {
    const response = await admin(path, options);
    if (response.status === 401) return needToken();
    let body = null;
    try { body = await response.json(); } catch (e) { /* not JSON */ }
    if (!response.ok) {
      flash(`${response.status}: ${(body && body.error) || response.statusText}`, "error");
      return;
    }
    flash(typeof done === "function" ? done(body) : done);
    await pulse(false); // what the redraw shows, so a later change is seen as one
    await load();
  }

  function navigate(href) {
    const target = new URL(href, location.href);
    const samePage = target.pathname === `${BASE}/${page}` || (target.pathname === BASE && page === "world");
    if (!samePage) {
      location.href = target.href; // another page: its own shell
      return;
    }
    history.pushState(null, "", target.pathname + target.search);
    openSeq = null;
    load();
  }

  function formQuery(form) {
    const params = new URLSearchParams();
    for (const [key, value] of new FormData(form)) if (value !== "") params.set(key, value);
    const text = params.toString();
    return form.dataset.filter + (text ? "?" + text : "");
  }

  function faultBody(form) {
    const data = new FormData(form);
    const body = {};
    for (const key of ["operationId", "path", "method", "credential"]) {
      const value = (data.get(key) || "").trim();
      if (value) body[key] = value;
    }
    for (const key of ["status", "latencyMs", "times"]) {
      const value = (data.get(key) || "").trim();
      if (value) body[key] = Number(value);
    }
    if (data.get("drop")) body.drop = true;
    return body;
  }

  function clockBody(form) {
    const data = new FormData(form);
    const body = {};
    for (const key of ["advance", "set"]) {
      const value = (data.get(key) || "").trim();
      if (value) body[key] = value;
    }
    return body;
  }

  async function copy(button) {
    const source = document.getElementById(button.dataset.target);
    const text = source ? source.textContent : "";
    try {
      await navigator.clipboard.writeText(text);
    } catch (e) { // no clipboard permission (plain http on another host): copy through a selection
      const area = document.createElement("textarea");
      area.value = text;
      document.body.appendChild(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    button.dataset.copied = "true";
    flash("curl command copied");
  }

  const actions = {
    reset: () => act("/_emulator/reset", { method: "POST" }, "The world is reset"),
    clock: (b) => act("/_emulator/clock", { method: "POST", json: JSON.parse(b.dataset.body) },
      (c) => `Clock: ${c.now}${c.frozen ? " (frozen)" : ""}`),
    "snapshot-take": () => act("/_emulator/snapshot", { method: "POST" }, (s) => `Snapshot ${s.id} taken`),
    "snapshot-restore": (b) => act(`/_emulator/snapshot/${encodeURIComponent(b.dataset.id)}/restore`,
      { method: "POST" }, `Snapshot ${b.dataset.id} restored`),
    "fault-delete": (b) => act(`/_emulator/faults/${encodeURIComponent(b.dataset.id)}`, { method: "DELETE" },
      `Fault rule ${b.dataset.id} removed`),
    "faults-clear": () => act("/_emulator/faults", { method: "DELETE" }, (r) => `${r.cleared} fault rule(s) cleared`),
    redeliver: (b) => act(`/_emulator/webhooks/deliveries/${encodeURIComponent(b.dataset.id)}/redeliver`,
      { method: "POST" }, (d) => `Delivery ${b.dataset.id} delivered again as #${d.id}`),
    "deliveries-clear": () => act("/_emulator/webhooks/deliveries", { method: "DELETE" },
      (r) => `${r.cleared} deliveries forgotten`),
    copy,
    "close-dialog": () => document.getElementById("json-dialog").close(),
    "close-detail": () => { document.getElementById("detail").innerHTML = ""; openSeq = null; },
  };

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const json = target.closest("a[data-json]");
    if (json) { event.preventDefault(); showJson(json.getAttribute("href"), json.textContent.trim()); return; }
    const link = target.closest("a[data-nav]");
    if (link) { event.preventDefault(); navigate(link.getAttribute("href")); return; }
    const button = target.closest("button[data-action]");
    if (button) { event.preventDefault(); actions[button.dataset.action](button); return; }
    const row = target.closest("tr.entry[data-seq]");
    if (row) openEntry(row.dataset.seq);
  });

  document.addEventListener("keydown", (event) => {
    const row = event.target instanceof Element ? event.target.closest("tr.entry[data-seq]") : null;
    if (row && event.key === "Enter") openEntry(row.dataset.seq);
  });

  document.addEventListener("submit", (event) => {
    const form = event.target;
    event.preventDefault();
    if (form.id === "token-form") {
      sessionStorage.setItem(TOKEN_KEY, new FormData(form).get("token"));
      load();
    } else if (form.dataset.filter) {
      navigate(formQuery(form));
    } else if (form.dataset.submit === "clock") {
      act("/_emulator/clock", { method: "POST", json: clockBody(form) }, (c) => `Clock: ${c.now}`);
    } else if (form.dataset.submit === "fault") {
      act("/_emulator/faults", { method: "POST", json: faultBody(form) }, (r) => `Fault rule ${r.id} added`);
    }
  });

  document.addEventListener("change", (event) => {
    const form = event.target instanceof Element ? event.target.closest("form[data-autosubmit]") : null;
    if (form) navigate(formQuery(form));
  });

  window.addEventListener("popstate", () => { openSeq = null; load(); });

  // The world picker appears when the emulator serves GET /_emulator/worlds.
  async function worlds() {
    const response = await admin("/_emulator/worlds");
    if (!response.ok) return;
    const rows = (await response.json()).worlds || [];
    const select = document.getElementById("world-select");
    const chosen = sessionStorage.getItem(WORLD_KEY) || "default";
    select.replaceChildren(...rows.map((row) => {
      const option = document.createElement("option");
      option.value = option.textContent = row.name;
      option.selected = row.name === chosen;
      return option;
    }));
    if (!rows.some((row) => row.name === chosen)) {
      const option = document.createElement("option");
      option.value = option.textContent = chosen;
      option.selected = true;
      select.append(option);
    }
    document.getElementById("world-picker").hidden = false;
  }

  document.getElementById("world-select").addEventListener("change", (event) => {
    sessionStorage.setItem(WORLD_KEY, event.target.value);
    openSeq = null;
    pulse(false).then(load);
  });
  document.getElementById("world-select").addEventListener("focus", worlds);

  // What the page shows depends on: the journal (the world changes through the API), the deliveries,
  // the controls' state.
  function stale(before, now) {
    if (!before) return false;
    const differs = (key) => JSON.stringify(before[key]) !== JSON.stringify(now[key]);
    if (page === "webhooks") return differs("deliveries");
    if (page === "controls") return differs("faults") || differs("snapshots") || before.clock.frozen !== now.clock.frozen;
    return differs("journal");
  }

  function busy() {
    const focused = document.activeElement;
    return document.getElementById("json-dialog").open
      || (focused && main.contains(focused) && focused.matches("input, select, textarea"));
  }

  // Reads what changed; with redraw, redraws the page when what it shows did. The state is read
  // before the page is drawn, so a change made while it draws is redrawn at the next poll.
  async function pulse(redraw = true) {
    const response = await admin(`${BASE}/pulse`);
    if (!response.ok) return;
    const now = await response.json();
    const clock = document.getElementById("clock");
    clock.textContent = now.clock.now.replace("T", " ").replace(/\.\d+Z$/, "Z") + (now.clock.frozen ? " \u2744" : "");
    clock.dataset.now = now.clock.now;
    const changed = redraw && stale(last, now);
    if (changed && (!live.checked || busy())) return; // redrawn once live again and nothing is being typed
    last = now;
    if (changed) await load();
  }

  async function poll() {
    try { await pulse(); } catch (e) { /* the emulator restarting: try again */ }
    setTimeout(poll, POLL_MS);
  }

  (async () => {
    try { await pulse(false); } catch (e) { /* drawn below; the poll tries again */ }
    await load();
    try { await worlds(); } catch (e) { /* no worlds route */ }
    poll();
  })();
})();
