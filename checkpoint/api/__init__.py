"""The HTTP API (django-ninja): thin routers that parse, call a selector or service, serialise."""
