"""Documents render to real PDF files and never fetch from the network."""

from __future__ import annotations

import pytest

from checkpoint.web.pdf import _local_only, render_pdf


def test_a_document_renders_to_pdf(settings) -> None:
    pdf = render_pdf("documents/base.html", {"force_name": "Test Constabulary"})
    assert pdf.startswith(b"%PDF")


def test_documents_cannot_fetch_remote_files() -> None:
    with pytest.raises(ValueError, match="may not load"):
        _local_only("https://example.invalid/tracker.png")
