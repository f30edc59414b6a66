"""A coach rule's documentation page (`coach.explain`) as safe HTML, rules linked."""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree
from urllib.parse import urlsplit

import markdown
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from okrs.core.coach import RULES, explain


@functools.cache
def rule_html(code: str) -> SafeString:
    """A rule's documentation page (`coach.explain`) as HTML; raw HTML in it is escaped.

    The pages are ours, but they are rendered as if they were not: HTML in the
    Markdown shows as text and links go only to web or relative addresses. Other rule
    codes in the text link to their pages.
    """
    renderer = markdown.Markdown(
        extensions=["fenced_code", "tables", _SafeRuleMarkdown(code)], output_format="html"
    )
    return mark_safe(renderer.convert(explain(code)))  # raw HTML escaped by the extension


SAFE_SCHEMES = ("", "http", "https", "mailto")
RULE_CODE = r"\bOKR\d{3}\b"


class _SafeRuleMarkdown(Extension):
    """Escape raw HTML, drop unsafe link targets, link rule codes to their pages."""

    def __init__(self, current: str) -> None:
        super().__init__()
        self.current = current

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.inlinePatterns.register(_RuleLink(RULE_CODE, md, self.current), "okrs_rule_link", 5)
        md.treeprocessors.register(_SafeLinks(md), "okrs_safe_links", 0)


class _RuleLink(InlineProcessor):
    def __init__(self, pattern: str, md: markdown.Markdown, current: str) -> None:
        super().__init__(pattern, md)
        self.current = current

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[etree.Element | str, int, int]:
        code = m.group(0)
        if code not in RULES or code == self.current:
            return code, m.start(0), m.end(0)
        link = etree.Element("a", {"href": reverse("coach-rule", args=[code])})
        link.text = code
        return link, m.start(0), m.end(0)


class _SafeLinks(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and urlsplit(value.strip()).scheme.lower() not in SAFE_SCHEMES:
                    element.set(attribute, "#")
