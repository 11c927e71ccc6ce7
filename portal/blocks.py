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

from django import template
from django.template.loader_tags import BlockNode

from portal import pagecache

register = template.Library()


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
