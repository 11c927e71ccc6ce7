"""The benchmark's yardstick: a bare Django view through the full middleware stack.

Routed only when BENCHMARK_BARE_VIEW is on (``make benchmark`` turns it on for its own
gunicorn). It touches no template, database or cache, so its speed is the ceiling any
page served through the same middleware can reach; the benchmark reports every page as a
share of it.
"""

from django.http import HttpResponse

BARE_PAGE = (
    b"<!doctype html><html lang=en><head><meta charset=utf-8><title>Bare view</title></head>"
    b"<body><h1>Bare view</h1><p>A short page through the same middleware.</p></body></html>"
)


def bare_view(request):
    return HttpResponse(BARE_PAGE)
