"""Server-rendered pages for officers, investigators, analysts and supervisors (Jinja2), in
Kazakh, Russian or English (gettext catalogues under ``locale/``, read with Babel), with a
little hand-written JavaScript for the live preview of facts. See docs/web.md.
"""
