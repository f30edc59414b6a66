"""The OpenAPI document and the interactive docs, served without any CDN."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_openapi_document_describes_every_endpoint_with_its_errors():
    schema = Client().get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "okrs"
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"401", "403", "404", "422"} <= codes, (method, path)
            if method != "get":
                assert {"400", "409", "413"} <= codes, (method, path)
    assert schema["components"]["securitySchemes"]["BearerToken"] == {
        "type": "http",
        "scheme": "bearer",
    }


def test_the_openapi_document_says_a_request_line_too_long_is_refused():
    """gunicorn (or a proxy) answers 414 before the API reads the request."""
    schema = Client().get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "414" in operation["responses"], (method, path)
            assert "content" not in operation["responses"]["414"]


def test_the_docs_page_loads_only_files_of_this_server():
    client = Client()
    html = client.get("/api/v1/docs").content.decode()
    assert "swagger-ui-bundle.js" in html
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(url.startswith("/api/v1/docs/assets/") for url in urls), urls
    assert "http://" not in html and "https://" not in html and "//cdn" not in html
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"".join(response.streaming_content)


def test_only_the_bundled_assets_are_served():
    assert Client().get("/api/v1/docs/assets/settings.py").status_code == 404
