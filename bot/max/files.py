"""Downloading a file a person attached in MAX (a roster, a screenshot): one function, one rule
for the bot's token, one error.

Attachment URLs come from the update (`payload.url`). The bot's API headers (with its token)
go only to the Bot API's own origin (same scheme, host and port, as with the emulator); MAX's
file hosts authorise by the URL itself, and the token must not leak to any other host.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

import aiohttp

CHUNK = 64 * 1024


class DownloadError(Exception):
    """The file could not be downloaded; `too_big` if it is larger than the limit."""

    def __init__(self, too_big: bool = False) -> None:
        super().__init__("too big" if too_big else "download failed")
        self.too_big = too_big


def token_headers(url: str, api_url: str, headers: Mapping[str, str]) -> dict[str, str]:
    """The bot's API headers only for a URL on the API's own origin; none elsewhere."""
    target, api = urlsplit(url), urlsplit(api_url)
    same = (target.scheme, target.hostname, target.port) == (api.scheme, api.hostname, api.port)
    return dict(headers) if same else {}


async def download(
    url: str, api_url: str, headers: Mapping[str, str], *, limit: int, seconds: float
) -> bytes:
    """GET `url` (http or https) within `seconds` and at most `limit` bytes, with the bot's
    `headers` only if the URL is on `api_url`'s origin. DownloadError on any failure."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise DownloadError()
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=seconds)) as http,
            http.get(url, headers=token_headers(url, api_url, headers)) as response,
        ):
            if response.status != 200:
                raise DownloadError()
            if (response.content_length or 0) > limit:
                raise DownloadError(too_big=True)
            data = bytearray()
            async for chunk in response.content.iter_chunked(CHUNK):
                data += chunk
                if len(data) > limit:
                    raise DownloadError(too_big=True)
            return bytes(data)
    except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
        raise DownloadError() from exc
