"""The demo's web chat in a real browser: headless Chromium (Debian's `chromium` package)
driven by Playwright's Python package.

Without /usr/bin/chromium (or the playwright package) these tests skip locally with the reason,
but FAIL when the environment variable CI is set: in CI the browser must run. A browser that
exists but does not start is always a failure. A failing test leaves a screenshot in
test-artifacts/.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from bot.demo import seed
from bot.demo.server import Demo
from bot.plan import default_plan
from bot.ui import chart
from bot.ui.texts import chats as chats_texts
from bot.ui.texts import checklist as checklist_texts
from bot.ui.texts import verify as verify_texts
from bot.vocab import Evidence
from tests.support.images import png
from tests.support.paths import ROOT

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
TIMEOUT_MS = 15_000


def unavailable(reason: str) -> None:
    """Skip locally; fail in CI, where the browser tests must run."""
    if os.environ.get("CI"):
        pytest.fail(f"browser tests cannot run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def playwright_api() -> Any:
    try:
        from playwright import async_api
    except ImportError:
        unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is missing (apt-get install chromium)")
    async_api.expect.set_options(timeout=TIMEOUT_MS)
    return async_api


OpenPage = Callable[[dict[str, int]], Any]


@pytest.fixture
async def open_page(
    playwright_api: Any, demo: Demo, tmp_path: Path, request: pytest.FixtureRequest
) -> AsyncIterator[OpenPage]:
    """Opens the web chat in a fresh Chromium profile with the given viewport."""
    contexts: list[Any] = []
    async with playwright_api.async_playwright() as pw:

        async def open_with(viewport: dict[str, int]) -> Any:
            try:
                context = await pw.chromium.launch_persistent_context(
                    str(tmp_path / f"profile-{len(contexts)}"),
                    executable_path=str(CHROMIUM),
                    headless=True,
                    args=CHROMIUM_ARGS,
                    viewport=viewport,
                    accept_downloads=True,
                    locale="ru-RU",
                )
            except Exception as exc:  # the browser is there but does not start: a failure
                pytest.fail(f"Chromium did not start: {exc}", pytrace=False)
            contexts.append(context)
            context.set_default_timeout(TIMEOUT_MS)
            page = context.pages[0] if context.pages else await context.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.js_errors = errors
            await page.goto(demo.url)
            return page

        try:
            yield open_with
        finally:
            for context in contexts:
                await context.close()


@contextlib.asynccontextmanager
async def screenshot_on_failure(page: Any, name: str) -> AsyncIterator[None]:
    try:
        yield
        assert not page.js_errors, f"JavaScript errors on the page: {page.js_errors}"
    except BaseException:
        ARTIFACTS.mkdir(exist_ok=True)
        with contextlib.suppress(Exception):
            await page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        raise


async def admins_digest_a_week_later(page: Any, expect: Any) -> Any:
    """The administrator's dialog, a week on: the weekly digest's message."""
    await pick(page, "admin")
    await expect(last_bot_message(page)).to_contain_text("Пункт 1 из")
    digest = page.locator(".msg.bot", has_text="Еженедельная сводка")
    await expect(digest).to_have_count(0)
    await page.get_by_role("button", name="+1 неделя").click()
    await expect(digest).to_have_count(1)
    return digest


async def loaded_image(page: Any, message: Any) -> Any:
    """The message's image, scrolled to and loaded."""
    image = message.locator("img.image")
    await image.scroll_into_view_if_needed()
    await page.wait_for_function(
        "img => img.complete && img.naturalWidth > 200", arg=await image.element_handle()
    )
    return image


def last_bot_message(page: Any) -> Any:
    return page.locator(".msg.bot").last


async def pick(page: Any, key: str) -> None:
    persona = page.locator(f".persona[data-key='{key}']")
    await persona.wait_for(state="attached")  # the list is drawn once the page has loaded it
    if not await persona.is_visible():  # on a phone the list is behind the back button
        await page.locator("#back").click()
    await persona.click()


async def test_new_teacher_joins_and_walks_the_whole_checklist_on_a_phone(
    open_page: OpenPage, playwright_api: Any, request: pytest.FixtureRequest
) -> None:
    expect = playwright_api.expect
    page = await open_page(PHONE)
    async with screenshot_on_failure(page, request.node.name):
        await expect(page.locator("#banner")).to_contain_text("Это эмулятор MAX")
        await expect(page.locator("#banner")).to_contain_text("MAX_BOT_TOKEN")
        # The pre-joined teacher has a checklist card waiting.
        await pick(page, "teacher")
        await expect(last_bot_message(page)).to_contain_text("Пункт 1 из")
        # A new person opens the teacher invite and joins.
        await pick(page, "new")
        await page.get_by_role("button", name="Начать").click()
        items = default_plan().items_for("teacher", "school")
        total = len(items)
        shots = 0
        for n, item in enumerate(items, start=1):
            card = last_bot_message(page)
            await expect(card).to_contain_text(f"Пункт {n} из {total}")
            if item.evidence == Evidence.SCREENSHOT:
                # «Готово» cannot close it: the person sends a screenshot from the page.
                await expect(card).to_contain_text("📷 Нужен снимок экрана")
                shots += 1
                await page.locator("#file").set_input_files(
                    {"name": f"screen{n}.png", "mimeType": "image/png", "buffer": png(n)}
                )
                await expect(page.locator(".msg.bot").nth(-2)).to_contain_text(
                    verify_texts.EVIDENCE_SENT
                )
            else:
                await card.get_by_role("button", name=checklist_texts.BTN_DONE).click()
        assert shots >= 1, "the teacher's plan has a screenshot item"
        end = last_bot_message(page)
        await expect(end).to_contain_text("Все пункты просмотрены")
        await expect(end).to_contain_text(f"На проверке: {shots}")
        assert "Вы зарегистрированы" in await page.locator(".msg.bot").first.inner_text()


async def test_administrator_sees_the_digest_chart_a_week_later(
    open_page: OpenPage, playwright_api: Any, request: pytest.FixtureRequest
) -> None:
    expect = playwright_api.expect
    page = await open_page(DESKTOP)
    async with screenshot_on_failure(page, request.node.name):
        digest = await admins_digest_a_week_later(page, expect)
        await expect(digest).to_contain_text(seed.SCHOOL_NAME)
        await loaded_image(page, digest)
        await expect(page.locator("#clock-now")).to_contain_text("18 янв")


async def test_authority_downloads_the_xlsx_export(
    open_page: OpenPage, playwright_api: Any, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    expect = playwright_api.expect
    page = await open_page(DESKTOP)
    async with screenshot_on_failure(page, request.node.name):
        await pick(page, "authority")
        await page.locator("#text").fill("/export")
        await page.locator("#text").press("Enter")
        link = last_bot_message(page).locator("a.file")
        await expect(link).to_contain_text(".xlsx")
        async with page.expect_download() as info:
            await link.click()
        download = await info.value
        assert re.fullmatch(r"otchet-\d{4}-\d{2}-\d{2}\.xlsx", download.suggested_filename)
        path = tmp_path / download.suggested_filename
        await download.save_as(path)
        workbook = openpyxl.load_workbook(path)
        cells = {str(c.value) for ws in workbook.worksheets for row in ws.iter_rows() for c in row}
        assert seed.SCHOOL_NAME in cells and seed.PRESCHOOL_NAME in cells


async def test_class_teacher_adds_the_bot_to_a_class_chat(
    open_page: OpenPage, playwright_api: Any, request: pytest.FixtureRequest
) -> None:
    expect = playwright_api.expect
    page = await open_page(PHONE)
    async with screenshot_on_failure(page, request.node.name):
        await pick(page, "class_teacher")
        await page.get_by_role("tab", name="Групповые чаты").click()
        await page.locator("#group-title").fill("5А — родители")
        await page.get_by_role("button", name="Создать чат и добавить бота").click()
        question = last_bot_message(page)
        await expect(question).to_contain_text("Что это за чат?")
        await question.get_by_role(
            "button", name=chats_texts.choice_button("parents", "5А")
        ).click()
        await expect(last_bot_message(page)).to_contain_text("Записано")
        await page.get_by_role("tab", name="Групповые чаты").click()
        await expect(page.locator(".group")).to_contain_text("5А — родители")
        await expect(page.locator(".group")).to_contain_text("бот в чате")


OVERLAPS_A_BUTTON = """() => {
  const toast = document.getElementById("toast").getBoundingClientRect();
  const hit = (r) => r.width > 0 && r.height > 0 && r.left < toast.right &&
    toast.left < r.right && r.top < toast.bottom && toast.top < r.bottom;
  return [...document.querySelectorAll("button, a, input, textarea")]
    .filter((el) => el.offsetParent !== null && hit(el.getBoundingClientRect()))
    .map((el) => el.textContent.trim() || el.id);
}"""


async def test_on_a_phone_the_header_is_compact_and_a_toast_covers_no_button(
    open_page: OpenPage, playwright_api: Any, request: pytest.FixtureRequest
) -> None:
    expect = playwright_api.expect
    page = await open_page(PHONE)
    async with screenshot_on_failure(page, request.node.name):
        await pick(page, "teacher")
        await expect(last_bot_message(page)).to_contain_text("Пункт 1 из")
        # In a dialog the banner gives way; the clock bar (saying it is a demo) and the chat's
        # header take less than a sixth of the screen, on one line each.
        await expect(page.locator("#banner")).to_be_hidden()
        await expect(page.locator("#clock-now")).to_contain_text("Демо")
        top = await page.evaluate(
            "() => document.querySelector('.chat-header').getBoundingClientRect().bottom"
        )
        assert top <= PHONE["height"] / 6, top
        clock_bar = await page.locator("#clockbar").bounding_box()
        assert clock_bar is not None and clock_bar["height"] <= 40, clock_bar
        # A toast is a line of its own at the foot: no button lies under it.
        await page.get_by_role("button", name="+1 день").click()
        await expect(page.locator("#toast")).to_be_visible()
        await expect(page.locator("#toast")).to_contain_text("Прошёл день")
        assert await page.evaluate(OVERLAPS_A_BUTTON) == []
        composer = await page.locator("#composer").bounding_box()
        toast = await page.locator("#toast").bounding_box()
        assert composer is not None and toast is not None
        assert composer["y"] + composer["height"] <= toast["y"] + 0.5
        assert toast["y"] + toast["height"] <= PHONE["height"] + 0.5  # and it is on screen


async def test_on_a_phone_the_digest_fits_a_screen_and_its_chart_is_legible(
    open_page: OpenPage, playwright_api: Any, request: pytest.FixtureRequest
) -> None:
    expect = playwright_api.expect
    page = await open_page(PHONE)
    async with screenshot_on_failure(page, request.node.name):
        digest = await admins_digest_a_week_later(page, expect)
        # The summary's text is shorter than the screen; the details are behind buttons.
        text = await digest.locator(".text").bounding_box()
        assert text is not None and text["height"] <= PHONE["height"] * 0.75, text
        await expect(digest.get_by_role("button", name="📋 Подробно")).to_be_visible()
        # The chart: drawn for a phone — its smallest text is at least 12 px at 390 px.
        image = await loaded_image(page, digest)
        natural = await image.evaluate("img => img.naturalWidth")
        assert natural == chart.WIDTH
        assert min(chart.FONT_SIZES) * PHONE["width"] / natural >= 12
        shown = await image.bounding_box()
        assert shown is not None and shown["width"] >= PHONE["width"] * 0.8  # not a thumbnail
