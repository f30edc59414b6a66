"""Views of the web app, one module per area; each view is short and renders a template."""
