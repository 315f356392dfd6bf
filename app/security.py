"""Response headers that keep pages safe: a strict Content-Security-Policy and friends."""

from flask import current_app

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
# Two years, subdomains too: once a browser has seen the site over HTTPS, it never again sends
# a request (or a cookie) over plain HTTP, where anyone on the café's Wi-Fi could read it.
STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains"


def add_headers(response):
    response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    response.headers.setdefault(
        "Permissions-Policy", "camera=(self), geolocation=(), microphone=()"
    )
    if current_app.config["HTTPS"]:
        response.headers.setdefault("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY)
    if response.mimetype == "text/html":
        # Pages may hold personal data: never kept by shared caches.
        response.headers.setdefault("Cache-Control", "private, no-cache")
        response.vary.add("Cookie")
    return response


def init_app(app) -> None:
    app.after_request(add_headers)
