"""jixiao's web application: Django, server-rendered pages, htmx for live updates. Every score and check is the
core's (`jixiao.core`); this package only shows, stores and routes."""
