"""Fetch a WordPress upload from a local copy of wp-content/uploads or the old site."""

import re
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

from django.conf import settings
from django.template.defaultfilters import filesizeformat

CHUNK = 64 * 1024


# WordPress's resized copies of an upload: photo-300x200.jpg of photo.jpg.
RESIZED = re.compile(r"-\d{1,5}x\d{1,5}(\.\w{1,5})$")


def original_upload(path: str) -> str:
    """Return the path of the upload a resized copy was made from."""
    return RESIZED.sub(r"\1", path)


class MediaError(Exception):
    """The file could not be fetched; the message says why."""


def upload_path(url: str) -> str:
    """Return an upload's path relative to wp-content/uploads/ ("2011/01/a.jpg")."""
    path = unquote(urlsplit(url).path)
    marker = "/wp-content/uploads/"
    if marker in path:
        return path.split(marker, 1)[1]
    # WordPress.com and multisite: /files/2011/01/a.jpg or /2011/01/a.jpg.
    path = path.lstrip("/")
    return path.removeprefix("files/")


class MediaSource:
    """Where uploads come from: a directory or a base URL (--media-from)."""

    def __init__(self, where: str, timeout: float = 20, max_bytes: int | None = None):
        self.where = where
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.is_url = urlsplit(where).scheme in ("http", "https")
        if not self.is_url:
            self.root = Path(where).resolve()
            if not self.root.is_dir():
                raise MediaError(f"{where} is not a directory or an http(s) URL")

    @property
    def limit(self) -> int:
        return self.max_bytes or settings.NEWSROOM_MAX_UPLOAD_SIZE

    def fetch(self, url: str) -> bytes:
        relative = upload_path(url)
        if not relative or relative.endswith("/"):
            raise MediaError(f"no file name in {url}")
        if self.is_url:
            return self._download(relative)
        return self._read(relative)

    def _too_large(self) -> MediaError:
        return MediaError(
            f"the file is larger than the {filesizeformat(self.limit)} upload limit"
        )

    def _read(self, relative: str) -> bytes:
        path = (self.root / relative).resolve()
        if not path.is_relative_to(self.root):
            raise MediaError(f"{relative} is outside {self.root}")
        try:
            if path.stat().st_size > self.limit:
                raise self._too_large()
            return path.read_bytes()
        except FileNotFoundError as error:
            raise MediaError(f"{relative} is not in {self.root}") from error
        except OSError as error:
            raise MediaError(f"can't read {path}: {error.strerror}") from error

    def _download(self, relative: str) -> bytes:
        url = urljoin(self.where.rstrip("/") + "/", quote(relative))
        deadline = time.monotonic() + self.timeout
        request = urllib.request.Request(url, headers={"User-Agent": "Newsroom"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                length = response.headers.get("Content-Length")
                if length and length.isdigit() and int(length) > self.limit:
                    raise self._too_large()
                data = bytearray()
                while chunk := response.read(CHUNK):
                    data += chunk
                    if len(data) > self.limit:
                        raise self._too_large()
                    if time.monotonic() > deadline:
                        raise MediaError(
                            f"{url} took longer than {self.timeout:g} s to download"
                        )
                return bytes(data)
        except urllib.error.HTTPError as error:
            raise MediaError(f"{url} answered {error.code} {error.reason}") from error
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, TimeoutError):
                raise MediaError(
                    f"{url} did not answer within {self.timeout:g} s"
                ) from error
            raise MediaError(f"can't fetch {url}: {reason}") from error
        except TimeoutError as error:
            raise MediaError(
                f"{url} did not answer within {self.timeout:g} s"
            ) from error
        except OSError as error:
            raise MediaError(f"can't fetch {url}: {error}") from error
