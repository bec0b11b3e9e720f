"""Social and video embeds: which URLs are accepted and what each one loads.

Nothing is fetched from a provider when a body is saved or a page is made: the
embed's player address is worked out from the pasted URL alone, and the
reader's browser loads it only after the reader presses the button.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    frame_host: str  # the only origin the page's CSP lets frames come from
    patterns: tuple[re.Pattern, ...]
    player: str  # the iframe address, with {id} (or {url})
    aspect: str  # CSS aspect-ratio of the frame


def _re(*patterns: str) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(pattern) for pattern in patterns)


PROVIDERS = (
    Provider(
        "youtube",
        "YouTube",
        "https://www.youtube-nocookie.com",
        _re(
            r"https://(?:www\.|m\.)?youtube\.com/watch\?(?:[^#]*&)?v=(?P<id>[\w-]{11})",
            r"https://(?:www\.|m\.)?youtube\.com/(?:shorts|live|embed)/(?P<id>[\w-]{11})",
            r"https://youtu\.be/(?P<id>[\w-]{11})",
        ),
        "https://www.youtube-nocookie.com/embed/{id}",
        "16 / 9",
    ),
    Provider(
        "vimeo",
        "Vimeo",
        "https://player.vimeo.com",
        _re(r"https://(?:www\.)?vimeo\.com/(?:video/)?(?P<id>\d{1,12})"),
        "https://player.vimeo.com/video/{id}?dnt=1",
        "16 / 9",
    ),
    Provider(
        "x",
        "X",
        "https://platform.twitter.com",
        _re(
            r"https://(?:www\.|mobile\.)?(?:twitter|x)\.com/\w{1,15}/status/(?P<id>\d{1,20})"
        ),
        "https://platform.twitter.com/embed/Tweet.html?id={id}&dnt=true",
        "4 / 5",
    ),
    Provider(
        "instagram",
        "Instagram",
        "https://www.instagram.com",
        _re(r"https://(?:www\.)?instagram\.com/(?:p|reel|tv)/(?P<id>[\w-]{5,40})"),
        "https://www.instagram.com/p/{id}/embed/",
        "4 / 5",
    ),
    Provider(
        "facebook",
        "Facebook",
        "https://www.facebook.com",
        _re(
            r"https://(?:www\.|m\.)?facebook\.com/(?P<id>[\w.-]{1,80}/(?:posts|videos)/[\w.-]{1,80})",
            r"https://(?:www\.|m\.)?facebook\.com/(?P<id>watch/?\?v=\d{1,20})",
        ),
        "https://www.facebook.com/plugins/post.php?href={url}",
        "1 / 1",
    ),
    Provider(
        "tiktok",
        "TikTok",
        "https://www.tiktok.com",
        _re(r"https://(?:www\.)?tiktok\.com/@[\w.-]{1,40}/video/(?P<id>\d{1,25})"),
        "https://www.tiktok.com/embed/v2/{id}",
        "9 / 16",
    ),
)
BY_KEY = {provider.key: provider for provider in PROVIDERS}
SUPPORTED = ", ".join(provider.name for provider in PROVIDERS)
MAX_URL = 500


@dataclass(frozen=True)
class Embed:
    provider: Provider
    url: str  # the original, as pasted (normalised to https)
    player_url: str


class UnsupportedEmbed(ValueError):
    def __init__(self, url: str):
        self.url = url
        host = urlsplit(url).hostname or url[:60]
        super().__init__(
            _(
                "{host} can't be embedded: only {supported} links become embeds. "
                "Link to it in the text instead."
            ).format(host=host, supported=SUPPORTED)
        )


def parse(url: str) -> Embed:
    """Return the embed for a pasted provider URL, or raise UnsupportedEmbed."""
    url = url.strip()
    if url.startswith("http://"):
        url = "https://" + url.removeprefix("http://")
    if len(url) > MAX_URL or any(c in url for c in "\"'<> \n\t"):
        raise UnsupportedEmbed(url[:MAX_URL])
    for provider in PROVIDERS:
        for pattern in provider.patterns:
            match = pattern.match(url)
            if match:
                player = provider.player.format(id=match["id"], url=quote(url, safe=""))
                return Embed(provider, url, player)
    raise UnsupportedEmbed(url)


def is_supported(url: str) -> bool:
    try:
        parse(url)
    except UnsupportedEmbed:
        return False
    return True


# Set by a view on a page holding embeds and turned into the CSP's frame-src by
# newsroom.middleware.ContentSecurityPolicyMiddleware. A header (not an
# attribute of the response) so that it is stored with cached pages.
FRAME_HOSTS_HEADER = "X-Newsroom-Embed-Hosts"


def allow_frames(response, hosts) -> None:
    """Let the page's CSP allow frames from `hosts` (embeds' players) only."""
    if hosts:
        response[FRAME_HOSTS_HEADER] = " ".join(hosts)
