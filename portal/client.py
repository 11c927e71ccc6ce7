import ipaddress

from django.conf import settings


def _clean(value: str) -> str:
    """The address written as an IP address, or "" for anything else (a port is dropped)."""
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        pass
    host = value.rsplit(":", 1)[0].strip("[]") if value.count(":") == 1 or "]:" in value else ""
    try:
        return str(ipaddress.ip_address(host)) if host else ""
    except ValueError:
        return ""


def client_address(request) -> str:
    """The address of the person, not of our proxy. With TRUSTED_PROXY_COUNT proxies in
    front, each appending to X-Forwarded-For, the client is that many entries from the
    end; anything before that was written by the client and is not trusted.

    The one answer for every limit: our question and report limits, and allauth's login
    limits through the account adapter's get_client_ip (portal.accounts.adapters)."""
    hops = settings.TRUSTED_PROXY_COUNT
    if hops > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
        if len(entries) >= hops:
            address = _clean(entries[-hops])
            if address:
                return address
    return _clean(request.META.get("REMOTE_ADDR", "")) or request.META.get("REMOTE_ADDR", "")
