"""The portal's own 404 page with DEBUG on (``make run``).

With DEBUG on Django answers a 404 with its technical page (the URL patterns tried: 468 px
wide on a phone, and not what a reader of the portal should see). This middleware, put
innermost when DEBUG is on and DEBUG_TECHNICAL_404 is off (the default), swaps that page
for the portal's ``404.html`` through Django's own ``page_not_found`` view, the one
``handler404`` uses with DEBUG off. A 404 a view rendered itself is left alone: only
Django's technical page (recognised by its text) is replaced. DEBUG_TECHNICAL_404=1 brings
the technical page back when a developer needs the list of URL patterns.
"""

from django.views.defaults import page_not_found

_TECHNICAL_MARK = b"<code>DEBUG = True</code>"


class PortalNotFoundInDebugMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and _TECHNICAL_MARK in response.content
        ):
            return page_not_found(request, exception=None)
        return response
