"""``{% keep "name" value ... %}...{% endkeep %}``: a part of a page that is the same for
every visitor without a session, kept rendered in the shared cache under the values it
shows (portal/pagecache.py: kept_block): the header and the footer, with their thirty
links and forty translated words, were a sixth of a list page's render.

Registered as a template builtin (settings.TEMPLATES). Kept only while a page that may
be stored is rendered for a visitor (no session: no user, no token); for anyone else the
part is rendered as usual. The values after the name must be every value the part reads
from the context; the language and the release are added. Never wrap a ``{% block %}``
(a child template's override is not a value) or a CSRF token, nor a tag whose side
effect the rest of the page needs (``{% url ... as name %}``, ``{% cycle %}``): when the
part is read from the cache, nothing inside it runs."""

import weakref

from django import template
from django.template.base import TextNode
from django.template.loader_tags import (
    BLOCK_CONTEXT_KEY,
    BlockContext,
    BlockNode,
    ExtendsNode,
    do_extends,
)

from portal import pagecache

register = template.Library()


class ExtendsNodeOnce(ExtendsNode):
    """Django's ``{% extends %}``, but the root template's blocks are listed once per
    compiled template, not on every render: Django walks the whole of base.html (350
    nodes, about 0.1 ms) for them each time a page is drawn. Templates are compiled once
    per process (the cached loader) and a compiled one never changes, so neither does the
    list."""

    def render(self, context):
        compiled_parent = self.get_parent(context)
        if BLOCK_CONTEXT_KEY not in context.render_context:
            context.render_context[BLOCK_CONTEXT_KEY] = BlockContext()
        block_context = context.render_context[BLOCK_CONTEXT_KEY]
        block_context.add_blocks(self.blocks)
        root_blocks = _root_blocks(compiled_parent)
        if root_blocks is not None:
            block_context.add_blocks(root_blocks)
        with context.render_context.push_state(compiled_parent, isolated_context=False):
            return compiled_parent._render(context)


_ROOT_BLOCKS: "weakref.WeakKeyDictionary[template.base.Template, dict | None]" = (
    weakref.WeakKeyDictionary()
)


def _root_blocks(parent) -> dict | None:
    """``parent``'s blocks by name if it is a root (it extends nothing), else None: what
    ExtendsNode.render works out on each call."""
    try:
        return _ROOT_BLOCKS[parent]
    except KeyError:
        pass
    blocks = None
    for node in parent.nodelist:
        # The ExtendsNode has to be the first non-text node.
        if not isinstance(node, TextNode):
            if not isinstance(node, ExtendsNode):
                blocks = {n.name: n for n in parent.nodelist.get_nodes_by_type(BlockNode)}
            break
    _ROOT_BLOCKS[parent] = blocks
    return blocks


@register.tag("extends")
def extends(parser, token):
    """``{% extends "base.html" %}``, as Django's (ExtendsNodeOnce)."""
    node = do_extends(parser, token)
    return ExtendsNodeOnce(node.nodelist, node.parent_name, node.template_dirs)


class KeepNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context):
        request = context.get("request")
        if (
            getattr(request, "page_cache", None) is None
            or request.user.is_authenticated
            # The token renders nothing on such a page (pagecache.context_processor): check.
            or context.get("csrf_token") != "NOTPROVIDED"
        ):
            return self.nodelist.render(context)
        identity = tuple(value.resolve(context) for value in self.values)
        return pagecache.kept_block(
            f"keep:{self.template_name}:{self.name}",
            identity,
            lambda: self.nodelist.render(context),
        )


@register.tag
def keep(parser, token):
    """``{% keep "name" value ... %}``: see the module's docstring."""
    bits = token.split_contents()
    if len(bits) < 2 or len(bits[1]) < 3 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('{% keep %} needs a quoted name: {% keep "name" %}')
    nodelist = parser.parse(("endkeep",))
    parser.delete_first_token()
    if nodelist.get_nodes_by_type(BlockNode):
        raise template.TemplateSyntaxError("{% keep %} cannot hold a {% block %}")
    node = KeepNode(nodelist, bits[1][1:-1], [parser.compile_filter(bit) for bit in bits[2:]])
    node.template_name = parser.origin.template_name if parser.origin else ""
    return node
