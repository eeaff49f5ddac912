"""Every PDF (letters, access reports, monitor letters, year-plan reports) is rendered here,
offline: WeasyPrint may read only `data:` URIs (inline charts), never a URL or a local file, so
text that someone managed to slip in as HTML cannot make the server fetch or embed anything."""

from __future__ import annotations

from weasyprint import HTML, default_url_fetcher


def offline_fetcher(url: str, *args, **kwargs):
    if url.startswith("data:"):
        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"PDF rendering fetches nothing from outside: {url[:80]}")


def render(html: str) -> bytes:
    # Looked up on the module at call time, so a test can watch what would be fetched.
    import meldpunt.access.pdf as this

    return HTML(
        string=html, url_fetcher=lambda url, *a, **k: this.offline_fetcher(url, *a, **k)
    ).write_pdf()
