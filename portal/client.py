from django.conf import settings


def client_address(request) -> str:
    """The address of the person, not of our proxy. With TRUSTED_PROXY_COUNT proxies in
    front, each appending to X-Forwarded-For, the client is that many entries from the
    end; anything before that was written by the client and is not trusted."""
    hops = settings.TRUSTED_PROXY_COUNT
    if hops > 0:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        entries = [entry.strip() for entry in forwarded.split(",") if entry.strip()]
        if len(entries) >= hops:
            return entries[-hops]
    return request.META.get("REMOTE_ADDR", "")
