"""The dashboard in a real browser (headless Chromium through selenium): every page loads without a
console error, a booking made over the API shows up in the week view and the journal while the pages
are open, a journal entry opens with its curl command, and the buttons work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import WebDriverWait

from tests.helpers import ALICE
from tests.ui.conftest import WAIT_S

V2 = {**ALICE, "cal-api-version": "2024-08-13"}
PAGES = {
    "world": "World",
    "week": "Bookings week",
    "journal": "Journal",
    "webhooks": "Webhook deliveries",
    "coverage": "Coverage",
    "controls": "Clock, faults, snapshots",
}


def wait_for(browser: Any, find: Any, what: str) -> Any:
    """The first truthy value of find(browser) within the wait, or a failure naming what was awaited."""
    # The page redraws itself (live updates): an element may go stale between finding and reading it.
    ignored = (StaleElementReferenceException, NoSuchElementException)
    return WebDriverWait(browser, WAIT_S, poll_frequency=0.05, ignored_exceptions=ignored).until(
        lambda b: find(b), message=f"waited {WAIT_S} s for {what}"
    )


def open_page(browser: Any, base_url: str, page: str, query: str = "") -> WebElement:
    browser.get(f"{base_url}/_emulator/ui/{page}{query}")
    main: WebElement = wait_for(
        browser,
        lambda b: (m := b.find_element(By.ID, "main")).get_attribute("aria-busy") is None and m,
        f"the {page} page's content",
    )
    return main


def text_of(browser: Any, selector: str) -> str:
    return str(browser.find_element(By.CSS_SELECTOR, selector).text)


def console_errors(browser: Any) -> list[dict[str, Any]]:
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


def event_type_id(api: httpx.Client, key: str) -> int:
    records = api.get("/_emulator/state/event_types").json()["records"]
    return int(next(r["id"] for r in records if r["key"] == key))


def book(api: httpx.Client, start: str, name: str) -> dict[str, Any]:
    body = {
        "start": start,
        "eventTypeId": event_type_id(api, "alice/30min"),
        "attendee": {"name": name, "email": "wendy@guest.example", "timeZone": "Europe/London"},
    }
    response = api.post("/v2/bookings", headers=V2, json=body)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()["data"]
    return data


def test_every_page_loads_without_console_errors(
    browser: Any, base_url: str, api: httpx.Client, screenshots: Path | None
) -> None:
    api.get("/v2/me", headers=ALICE)
    api.get("/v2/me")  # a 401
    api.get("/v2/bookings", headers=V2, params={"status": "upcoming"})
    book(api, "2026-01-09T10:00:00Z", "Wendy Watcher")  # a delivery for the webhooks page
    api.post("/_emulator/faults", json={"path": "/v2/slots", "method": "GET", "status": 503, "times": 3})
    api.post("/_emulator/snapshot")

    def shot(name: str) -> None:
        if screenshots is not None:
            browser.save_screenshot(str(screenshots / f"{name}.png"))

    for page, heading in PAGES.items():
        main = open_page(browser, base_url, page)
        assert main.find_element(By.TAG_NAME, "h1").text == heading
        assert main.get_attribute("data-status") == "200"
        assert browser.title.startswith(browser.find_element(By.CSS_SELECTOR, "nav.pages a[aria-current]").text)
        shot(page)
        if page == "journal":
            browser.find_elements(By.CSS_SELECTOR, "tr.entry")[0].click()
            wait_for(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#detail .entry-detail"), "the entry")
            shot("journal-entry")
        if page == "webhooks":
            browser.find_element(By.CSS_SELECTOR, "details.delivery summary").click()
            shot("webhook-delivery")
    assert console_errors(browser) == []


def test_a_booking_made_over_the_api_appears_in_the_open_week_view(
    browser: Any, base_url: str, api: httpx.Client
) -> None:
    open_page(browser, base_url, "week", "?user=alice&week=2026-01-05")
    assert "Alice Anderson (alice)" in text_of(browser, "#week-title")
    shaded = browser.find_elements(By.CSS_SELECTOR, '.day[data-day="2026-01-09"] .slot')
    assert len(shaded) == 1  # Friday's working hours
    booking = book(api, "2026-01-09T10:00:00Z", "Wendy Watcher")
    block = wait_for(
        browser,
        lambda b: b.find_elements(
            By.CSS_SELECTOR, f'.day[data-day="2026-01-09"] a.booking[data-uid="{booking["uid"]}"]'
        ),
        "the new booking in Friday's column (live update, no reload)",
    )[0]
    assert block.text.startswith("10:00\u201310:30")
    assert "Wendy Watcher" in block.get_attribute("title")
    assert "Wendy Watcher" in text_of(browser, "#week-bookings")
    block.click()  # the booking's JSON
    dialog = wait_for(browser, lambda b: (d := b.find_element(By.ID, "json-dialog")).is_displayed() and d, "the JSON")
    assert f'"uid": "{booking["uid"]}"' in dialog.find_element(By.ID, "json-body").text


def test_the_journal_shows_new_calls_live_and_opens_one_with_curl(
    browser: Any, base_url: str, api: httpx.Client
) -> None:
    open_page(browser, base_url, "journal")
    assert browser.find_elements(By.CSS_SELECTOR, "tr.entry") == []
    booking = book(api, "2026-01-09T11:00:00Z", "Wendy Watcher")
    row = wait_for(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "tr.entry"), "the booking call in the journal")[
        0
    ]
    assert "BookingsController_2024_08_13_createBooking" in row.text and "201" in row.text
    row.click()
    detail = wait_for(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#detail .entry-detail"), "the entry")[0]
    assert "#1 POST /v2/bookings" in detail.find_element(By.TAG_NAME, "h2").text
    assert '"name": "Wendy Watcher"' in detail.text  # the request body
    assert booking["uid"] in detail.text  # the response body
    curl = detail.find_element(By.CSS_SELECTOR, "pre.curl").text
    assert curl.startswith(f"curl -i -X POST {base_url}/v2/bookings")
    assert "-H 'cal-api-version: 2024-08-13'" in curl and "--data-raw" in curl
    button = detail.find_element(By.CSS_SELECTOR, 'button[data-action="copy"]')
    button.click()
    wait_for(browser, lambda b: button.get_attribute("data-copied") == "true", "the copy button")


def test_journal_filters_narrow_the_list(browser: Any, base_url: str, api: httpx.Client) -> None:
    api.get("/v2/me", headers=ALICE)
    api.get("/v2/me")  # 401
    open_page(browser, base_url, "journal", "?status=4xx")
    rows = browser.find_elements(By.CSS_SELECTOR, "tr.entry")
    assert len(rows) == 1 and "401" in rows[0].text
    assert "1 of 2 call(s)" in text_of(browser, "#journal-summary")


def test_reset_button_empties_the_journal_and_the_new_booking(browser: Any, base_url: str, api: httpx.Client) -> None:
    booking = book(api, "2026-01-09T12:00:00Z", "Wendy Watcher")
    open_page(browser, base_url, "week", "?user=alice&week=2026-01-05")
    assert browser.find_elements(By.CSS_SELECTOR, f'a.booking[data-uid="{booking["uid"]}"]')
    browser.find_element(By.CSS_SELECTOR, 'header button[data-action="reset"]').click()
    wait_for(browser, lambda b: "reset" in b.find_element(By.ID, "flash").text, "the reset message")
    wait_for(
        browser,
        lambda b: not b.find_elements(By.CSS_SELECTOR, f'a.booking[data-uid="{booking["uid"]}"]'),
        "the booking gone from the week",
    )
    assert api.get("/_emulator/requests").json()["kept"] == 0


def test_a_webhook_delivery_shows_its_signature_and_redelivers(browser: Any, base_url: str, api: httpx.Client) -> None:
    booking = book(api, "2026-01-09T13:00:00Z", "Wendy Watcher")
    open_page(browser, base_url, "webhooks")
    cards = browser.find_elements(By.CSS_SELECTOR, "details.delivery")
    assert len(cards) == 1
    cards[0].find_element(By.TAG_NAME, "summary").click()
    assert "BOOKING_CREATED" in cards[0].text and booking["uid"] in cards[0].text
    signature = cards[0].find_element(By.CSS_SELECTOR, "code.signature").text
    assert len(signature) == 64  # hex sha256
    cards[0].find_element(By.CSS_SELECTOR, 'button[data-action="redeliver"]').click()
    wait_for(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, "details.delivery")) == 2, "the redelivery")
    deliveries = api.get("/_emulator/webhooks/deliveries").json()["deliveries"]
    assert len(deliveries) == 2 and deliveries[0]["id"] == deliveries[1]["id"] + 1
    assert deliveries[0]["body"] == deliveries[1]["body"]
    assert deliveries[0]["headers"] == deliveries[1]["headers"]


def test_controls_move_the_clock_add_a_fault_and_take_a_snapshot(
    browser: Any, base_url: str, api: httpx.Client
) -> None:
    open_page(browser, base_url, "controls")
    browser.find_element(By.CSS_SELECTOR, 'button[data-body=\'{"advance": "1h"}\']').click()
    wait_for(browser, lambda b: b.find_element(By.ID, "clock-now").text == "2026-01-05T10:00:00.000Z", "the clock")
    assert api.get("/_emulator/clock").json()["now"] == "2026-01-05T10:00:00.000Z"
    clock_form = browser.find_element(By.CSS_SELECTOR, 'form[data-submit="clock"]')
    clock_form.find_element(By.NAME, "advance").send_keys("1h30m")
    clock_form.find_element(By.CSS_SELECTOR, 'button[type="submit"]').click()
    wait_for(browser, lambda b: b.find_element(By.ID, "clock-now").text == "2026-01-05T11:30:00.000Z", "the advance")
    form = browser.find_element(By.CSS_SELECTOR, 'form[data-submit="fault"]')
    form.find_element(By.NAME, "operationId").send_keys("MeController_getMe")
    form.find_element(By.NAME, "status").send_keys("503")
    form.find_element(By.CSS_SELECTOR, 'button[type="submit"]').click()
    row = wait_for(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "#faults-table tbody tr"), "the rule")[0]
    assert "MeController_getMe" in row.text and "503" in row.text
    assert api.get("/v2/me", headers=ALICE).status_code == 503
    row.find_element(By.CSS_SELECTOR, 'button[data-action="fault-delete"]').click()
    wait_for(browser, lambda b: b.find_elements(By.ID, "faults-empty"), "the rule removed")
    kept = len(browser.find_elements(By.CSS_SELECTOR, "#snapshots li"))  # reset keeps snapshots
    browser.find_element(By.CSS_SELECTOR, 'button[data-action="snapshot-take"]').click()
    wait_for(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, "#snapshots li")) == kept + 1, "the snapshot")
    assert f"snapshot {api.get('/_emulator/snapshot').json()['snapshots'][-1]} " in text_of(browser, "#snapshots")
    book(api, "2026-01-09T15:30:00Z", "After Snapshot")
    bookings = len(api.get("/_emulator/state/bookings").json()["records"])
    browser.find_elements(By.CSS_SELECTOR, 'button[data-action="snapshot-restore"]')[-1].click()
    wait_for(browser, lambda b: "restored" in b.find_element(By.ID, "flash").text, "the restore")
    assert len(api.get("/_emulator/state/bookings").json()["records"]) == bookings - 1


def test_a_record_link_opens_its_json(browser: Any, base_url: str, api: httpx.Client) -> None:
    open_page(browser, base_url, "world")
    browser.find_element(By.CSS_SELECTOR, '#users a[href="/_emulator/ui/record/users/1"]').click()
    body = wait_for(browser, lambda b: b.find_element(By.ID, "json-body").text, "the user's JSON")
    assert '"email": "alice@acme.example"' in body


def test_user_text_is_shown_as_text(browser: Any, base_url: str, api: httpx.Client) -> None:
    hostile = '<img src=x id=pwned onerror="document.title=1">'
    booking = book(api, "2026-01-09T14:00:00Z", hostile)
    open_page(browser, base_url, "week", "?user=alice&week=2026-01-05")
    assert browser.find_elements(By.ID, "pwned") == []
    assert hostile in text_of(browser, "#week-bookings")
    assert booking["uid"] in text_of(browser, "#week-bookings")
    assert "calcom-emulator" in browser.title


def test_coverage_counts_the_calls(browser: Any, base_url: str, api: httpx.Client) -> None:
    api.delete("/_emulator/coverage/client")
    api.get("/v2/me", headers=ALICE)
    open_page(browser, base_url, "coverage")
    tile = browser.find_element(By.CSS_SELECTOR, 'li.op[data-operation="MeController_getMe"]')
    assert tile.get_attribute("data-calls") == "1" and "ok" in tile.get_attribute("class")
    assert "200\u00d71" in tile.text


def test_the_world_picker_switches_every_view(browser: Any, base_url: str, api: httpx.Client) -> None:
    api.get("/v2/me", headers={**ALICE, "x-calcom-emulator-world": "ui-other"})
    try:
        open_page(browser, base_url, "journal", "?world=default")
        picker = wait_for(browser, lambda b: b.find_element(By.ID, "world-picker").is_displayed(), "the picker")
        assert picker
        select = browser.find_element(By.ID, "world-select")
        assert "ui-other" in [o.text for o in select.find_elements(By.TAG_NAME, "option")]
        assert browser.find_elements(By.CSS_SELECTOR, "tr.entry") == []
        select.find_element(By.CSS_SELECTOR, 'option[value="ui-other"]').click()
        row = wait_for(browser, lambda b: b.find_elements(By.CSS_SELECTOR, "tr.entry"), "the other world's call")[0]
        assert "MeController_getMe" in row.text
    finally:
        browser.execute_script("sessionStorage.clear()")
        api.delete("/_emulator/worlds/ui-other")


def test_an_admin_token_is_asked_for_and_kept_for_the_tab(driver: Any) -> None:
    from emulator.runtime import Runtime
    from emulator.settings import Settings
    from emulator.testing.servers import start_server
    from tests.ui.conftest import NOW

    instance = start_server(Runtime.build(Settings(clock=NOW, rate_limits="off", admin_token="s3cret-token")))
    try:
        url = instance.handle.url
        driver.get(f"{url}/_emulator/ui/journal")
        form = wait_for(driver, lambda b: (f := b.find_element(By.ID, "token-form")).is_displayed() and f, "the form")
        form.find_element(By.NAME, "token").send_keys("s3cret-token")
        form.find_element(By.CSS_SELECTOR, "button").click()
        wait_for(driver, lambda b: b.find_elements(By.CSS_SELECTOR, "#main h1"), "the page after the token")
        driver.get(f"{url}/_emulator/ui/world")  # the tab remembers it
        wait_for(driver, lambda b: b.find_elements(By.CSS_SELECTOR, "#users"), "the world page")
        driver.execute_script("sessionStorage.clear()")
        driver.get(f"{url}/_emulator/ui/world?token=s3cret-token")
        wait_for(driver, lambda b: b.find_elements(By.CSS_SELECTOR, "#users"), "the world page from ?token=")
        assert "token" not in driver.current_url
    finally:
        driver.execute_script("sessionStorage.clear()")
        instance.stop()
