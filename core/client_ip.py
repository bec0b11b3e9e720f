"""The client's address and scheme, as seen through the proxies the operator trusts.

Forwarded headers (X-Forwarded-For, X-Forwarded-Proto, ...) are only as honest
as whoever sent them: anyone reaching the app server directly can write them.
They are read only on connections from NEWSROOM_TRUSTED_PROXIES.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

# Request headers that say something about the client or its connection on a
# proxy's word (the SECURE_PROXY_SSL_HEADER, whatever its name, is added to them).
FORWARDED_HEADERS = (
    "HTTP_FORWARDED",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_SSL",
    "HTTP_X_REAL_IP",
)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """Return the networks of NEWSROOM_TRUSTED_PROXIES (addresses or CIDR)."""
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def is_trusted_proxy(address: str | None) -> bool:
    """Return whether address is one of the configured reverse proxies."""
    ip = _parse_ip(address or "")
    if ip is None:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped  # an IPv4 client of a dual-stack socket
    networks = trusted_networks(tuple(settings.NEWSROOM_TRUSTED_PROXIES))
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str | None:
    """Return the client's IP address, or None when it is unknown.

    On a connection from a trusted proxy, X-Forwarded-For is read from the end:
    each proxy appends the address it received the request from, so the first
    address from the right that is not itself a trusted proxy is the client's.
    Anything further left was written by the client and can't be trusted. On any
    other connection the header is ignored: the connection's address is the
    client's. Rate limits, the admin login lockout and stored comment addresses
    all read the address here.
    """
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    if not is_trusted_proxy(remote):
        return remote
    forwarded = [
        part.strip()
        for part in request.headers.get("x-forwarded-for", "").split(",")
        if part.strip()
    ]
    for entry in reversed(forwarded):
        address = _valid_ip(entry)
        if address is None:
            # Not an address a proxy would write: stop at the last trusted hop.
            break
        remote = address
        if not is_trusted_proxy(address):
            break
    return remote


def drop_untrusted_forwarded_headers(request: HttpRequest) -> None:
    """Remove forwarded headers from a request that no trusted proxy sent.

    Django reads SECURE_PROXY_SSL_HEADER (is the request HTTPS?) from the request
    as it stands; without this, a client reaching the app server directly could
    claim to have come over HTTPS.
    """
    if is_trusted_proxy(request.META.get("REMOTE_ADDR")):
        return
    names = set(FORWARDED_HEADERS)
    ssl_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if ssl_header:
        names.add(ssl_header[0])
    for name in names:
        request.META.pop(name, None)


class TrustedProxyMiddleware:
    """First in MIDDLEWARE: forwarded headers only from NEWSROOM_TRUSTED_PROXIES."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        drop_untrusted_forwarded_headers(request)
        return self.get_response(request)


def _parse_ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _valid_ip(value: str) -> str | None:
    ip = _parse_ip(value)
    return None if ip is None else str(ip)
