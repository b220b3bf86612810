"""How the demo's web page shows the bot's messages: MAX's HTML reduced to what the page may
show, and the dialogs, personas and class chats as the page's JSON."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from bot.demo.server import Demo

Json = dict[str, Any]


# HTML from the bot: MAX formatting reduced to what the page may show --------------------------


# An https:// address up to a space or a closing bracket/quote; a trailing full stop, comma
# or similar is the sentence's, not the address's.
URL_RE = re.compile(r"https://[^\s<>\"'«»()]+(?<![.,;:!?])")


def _text(data: str) -> str:
    return html.escape(data, quote=False).replace("\n", "<br>")


class _Sanitiser(HTMLParser):
    _TAGS: ClassVar[dict[str, str]] = {"b": "b", "strong": "b", "i": "i", "em": "i", "a": "a"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.out.append("<br>")
            return
        kept = self._TAGS.get(tag)
        if kept is None or kept in self.open:
            return
        if kept == "a":
            href = dict(attrs).get("href") or ""
            if not href.startswith("https://"):
                return
            self.out.append(
                f'<a href="{html.escape(href, quote=True)}" target="_blank" '
                'rel="noopener noreferrer">'
            )
        else:
            self.out.append(f"<{kept}>")
        self.open.append(kept)

    def handle_endtag(self, tag: str) -> None:
        kept = self._TAGS.get(tag)
        if kept is None or kept not in self.open:
            return
        while self.open:
            closing = self.open.pop()
            self.out.append(f"</{closing}>")
            if closing == kept:
                break

    def handle_data(self, data: str) -> None:
        if "a" in self.open:  # already inside a link
            self.out.append(_text(data))
            return
        # A bare https:// address in the text is a link in MAX's apps; here too.
        at = 0
        for match in URL_RE.finditer(data):
            url = match.group(0)
            self.out.append(_text(data[at : match.start()]))
            self.out.append(
                f'<a href="{html.escape(url, quote=True)}" target="_blank" '
                f'rel="noopener noreferrer">{_text(url)}</a>'
            )
            at = match.end()
        self.out.append(_text(data[at:]))

    def result(self) -> str:
        self.close()
        return "".join(self.out) + "".join(f"</{t}>" for t in reversed(self.open))


def sanitise(text: str | None) -> str:
    """The bot's HTML with only <b>, <i>, <a href="https://…"> and line breaks kept; every
    other tag is dropped (its text stays, escaped)."""
    parser = _Sanitiser()
    parser.feed(text or "")
    return parser.result()


def plain(text: str | None) -> str:
    """A person's own text (not HTML) for the page."""
    return html.escape(text or "", quote=False).replace("\n", "<br>")


# dialogs ------------------------------------------------------------------------------------


def _file_number(demo: Demo, url: str | None) -> int | None:
    assert demo.fake is not None
    match = re.fullmatch(re.escape(demo.fake.url) + r"/files/([0-9]+)", url or "")
    return int(match.group(1)) if match else None


def message_view(demo: Demo, message: Json) -> Json:
    """One message as the page draws it (URLs of images and files point at this server)."""
    assert demo.fake is not None
    from_bot = message["sender"]["user_id"] == demo.fake.bot_user["user_id"]
    body = message["body"]
    buttons: list[list[Json]] = []
    images: list[Json] = []
    files: list[Json] = []
    for attachment in body.get("attachments") or []:
        kind = attachment.get("type")
        payload = attachment.get("payload") or {}
        if kind == "inline_keyboard":
            buttons = [
                [
                    {
                        key: button[key]
                        for key in ("text", "type", "payload", "url", "intent")
                        if button.get(key) is not None
                    }
                    for button in row
                ]
                for row in payload.get("buttons") or []
            ]
        elif kind in ("image", "file"):
            n = _file_number(demo, payload.get("url"))
            if n is None:
                continue
            if kind == "image":
                images.append({"url": f"/files/{n}"})
            else:
                name = attachment.get("filename") or f"file{n}"
                files.append({"name": name, "url": f"/files/{n}", "size": attachment.get("size")})
    return {
        "mid": body["mid"],
        "from": "bot" if from_bot else "user",
        "html": sanitise(body.get("text")) if from_bot else plain(body.get("text")),
        "time": demo.sent_at(message),
        "buttons": buttons,
        "images": images,
        "files": files,
    }


def persona_view(persona: Any) -> Json:
    return {
        "key": persona.key,
        "user_id": persona.user_id,
        "name": persona.name,
        "title": persona.title,
        "org": persona.org,
        "tz": persona.tz,
        "invite": persona.invite,
    }


def chat_view(demo: Demo, chat: Any) -> Json:
    assert demo.world is not None
    adder = demo.world.personas.get(chat.added_by)
    return {
        "chat_id": chat.chat_id,
        "title": chat.title,
        "added_by": chat.added_by,
        "added_by_name": adder.name if adder else "",
        "active": chat.active,
    }
