"""Render documents (contracts, prosecution files, letters) from HTML templates to PDF."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpResponse
from django.template.loader import render_to_string
from weasyprint import HTML


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """Render a template to PDF bytes; documents carry their own print stylesheet."""
    html = render_to_string(template, context)
    # Documents never load anything from the network; static files resolve on disk.
    pdf: bytes = HTML(
        string=html, base_url=str(settings.BASE_DIR), url_fetcher=_local_only
    ).write_pdf()
    return pdf


def pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    """Return PDF bytes as a download that is never cached."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _local_only(url: str, timeout: int = 10, ssl_context: Any = None) -> dict[str, Any]:
    """Serve only files the static finders know; refuse everything else."""
    prefix = settings.STATIC_URL
    path = url.split(prefix, 1)[1] if prefix in url else ""
    found = finders.find(path) if path else None
    if not found:
        raise ValueError(f"Documents may not load {url}")
    with open(found, "rb") as handle:
        return {"string": handle.read(), "mime_type": None}
