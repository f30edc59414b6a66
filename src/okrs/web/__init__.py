"""The web app: server-rendered pages with HTMX."""
