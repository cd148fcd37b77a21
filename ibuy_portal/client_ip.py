"""The visitor's address for login lockouts (django-axes' AXES_CLIENT_IP_CALLABLE) behind trusted proxies.

Each of the AXES_IPWARE_PROXY_COUNT proxies appends the address it saw to X-Forwarded-For, so the entry that many
places from the right is the one the outermost trusted proxy wrote: the visitor's address as that proxy saw it.
Anything further left was sent by the visitor and is never trusted. If that entry is missing or not an IP address
(the request did not come through the proxies, or the header was forged), the connection's own address counts:
a forged header then cannot give each attempt a new address, and nothing that is not an address reaches axes'
GenericIPAddressField (PostgreSQL's inet column refuses it with an error).
"""

import ipaddress

from django.conf import settings


def normalized(address):
    """The address in its canonical form (`2001:db8::1`), or None if it is not an IP address."""
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request):
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    count = settings.AXES_IPWARE_PROXY_COUNT
    if count and len(forwarded) >= count:
        address = normalized(forwarded[-count])
        if address is not None:
            return address
    return normalized(request.META.get("REMOTE_ADDR") or "")
