"""Rendering with Jinja2 (autoescape on): the page template and the section macros
(report/templates/), the style and the script (report/static/) inlined so the report stays one
self-contained HTML file."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

HERE = Path(__file__).resolve().parent
PAGE_TEMPLATE = "report.html.j2"
SECTIONS_TEMPLATE = "sections.html.j2"


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def static_text(name: str) -> Markup:
    """A file of report/static/, trusted as is (it is inlined into <style> or <script>)."""
    return Markup((HERE / "static" / name).read_text(encoding="utf-8"))


def render_macro(name: str, view: object) -> Markup:
    """One section: the macro `name` of the sections template applied to its view."""
    macro = getattr(environment().get_template(SECTIONS_TEMPLATE).module, name)
    return Markup(macro(view))


def render_page(title: str, sections: list[Markup], run: dict | None) -> str:
    return environment().get_template(PAGE_TEMPLATE).render(
        title=title, sections=sections, run=run,
        css=static_text("report.css"), js=static_text("report.js"),
    )
