"""``{% once %}...{% endonce %}``: a piece of the page chrome rendered once per language.

The header, navigation and footer of ``base.html`` are on every page, and most of them are
fixed text: translated labels and the addresses of named routes. Rendering them anew costs
each request a gettext lookup per ``{% trans %}`` and a resolver walk per ``{% url %}`` (about
a tenth of the cheapest page's CPU, benchmarks/RESULTS.md, issue 23). A ``{% once %}`` block
is rendered the first time it is needed in a language and the copy is reused by the process.

What may stand inside is checked when the template is compiled, so that nothing personal or
per-request can be frozen by mistake: plain text, ``{% trans "literal" %}``, a ``{% blocktrans
%}`` without variables, ``{% url 'name' %}`` with literal arguments only, and ``{% static
'literal' %}``. No variables, no ``{% if %}``, no ``{% csrf_token %}`` (a token, a name or a
count would be shown to the next visitor): conditions stay outside, each branch with its own
``{% once %}``. The copy is keyed by the active language, the script prefix and the URLconf,
and dropped whenever a setting changes (tests switch URLconfs and languages), so it is never
another language's or another deployment's text.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.core.signals import setting_changed
from django.template.base import (
    FilterExpression,
    Node,
    NodeList,
    TextNode,
    TokenType,
    Variable,
)
from django.template.defaulttags import URLNode
from django.templatetags.i18n import BlockTranslateNode, TranslateNode
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix, get_urlconf
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

register = template.Library()

_generation = [0]
"""Bumped when a setting changes: every copy made before is ignored from then on."""


def _forget(**_kwargs: Any) -> None:
    _generation[0] += 1


setting_changed.connect(_forget, dispatch_uid="maeul.core.templatetags.chrome")


def _literal(expression: Any) -> bool:
    """Whether a tag argument is a quoted constant without filters (not a variable)."""
    return (
        isinstance(expression, FilterExpression)
        and not expression.filters
        and not hasattr(expression.var, "resolve")
    )


def _fixed(node: Node) -> bool:
    """Whether ``node`` renders the same for everybody in a given language."""
    if isinstance(node, TextNode):
        return True
    if isinstance(node, TranslateNode):
        message = node.filter_expression.var  # a Variable holding the quoted text
        return (
            node.asvar is None
            and not node.filter_expression.filters
            and isinstance(message, Variable)
            and message.lookups is None
            and message.literal is not None
        )
    if isinstance(node, BlockTranslateNode):
        return (
            node.asvar is None
            and not node.extra_context
            and node.counter is None
            and not node.plural
            and all(token.token_type == TokenType.TEXT for token in node.singular)
        )
    if isinstance(node, URLNode):
        return (
            node.asvar is None
            and _literal(node.view_name)
            and all(_literal(arg) for arg in node.args)
            and all(_literal(arg) for arg in node.kwargs.values())
        )
    if isinstance(node, StaticNode):
        return node.varname is None and _literal(node.path)
    return False


def _check(nodes: NodeList, tag: str) -> None:
    for node in nodes:
        if not _fixed(node):
            raise template.TemplateSyntaxError(
                f"{{% {tag} %}} may hold only text, {{% trans 'literal' %}}, {{% url %}} and "
                f"{{% static %}} with literal arguments; found {node!r}"
            )


class OnceNode(Node):
    def __init__(self, nodelist: NodeList) -> None:
        self.nodelist = nodelist
        self.copies: dict[tuple[Any, ...], SafeString] = {}

    def render(self, context: Any) -> SafeString:
        key = (_generation[0], get_language(), get_script_prefix(), get_urlconf())
        copy = self.copies.get(key)
        if copy is None:
            copy = mark_safe(self.nodelist.render(context))
            if len(self.copies) > 64:  # settings changed many times (a test run)
                self.copies.clear()
            self.copies[key] = copy
        return copy


@register.tag("once")
def once(parser: Any, token: Any) -> OnceNode:
    tag = token.split_contents()[0]
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError(f"{{% {tag} %}} takes no arguments")
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    _check(nodelist, tag)
    return OnceNode(nodelist)
