"""portal.blocks: ``{% extends %}`` lists the root template's blocks once per compiled
template, and draws every page exactly as Django's own tag does."""

import pytest
from django.template import Context, Engine
from django.template.base import NodeList
from django.template.loader import get_template

from portal.blocks import ExtendsNodeOnce

TEMPLATES = {
    "root.html": (
        "<title>{% block title %}Root{% endblock %}</title>"
        "{% block main %}<main>{% block content %}root content{% endblock %}</main>"
        "{% endblock %}{% if show %}{% block aside %}aside{% endblock %}{% endif %}"
        "<footer>{% block footer %}root footer{% endblock %}</footer>"
    ),
    "layout.html": (
        '{% extends "root.html" %}'
        "{% block main %}<div>{{ block.super }}</div>{% block extra %}{% endblock %}"
        "{% endblock %}{% block footer %}layout {{ block.super }}{% endblock %}"
    ),
    "page.html": (
        '{% extends "layout.html" %}{% block title %}{{ title }}{% endblock %}'
        "{% block content %}page {{ block.super }}{% endblock %}"
        "{% block extra %}<p>extra</p>{% endblock %}{% block aside %}page aside{% endblock %}"
    ),
    "direct.html": '{% extends "root.html" %}{% block content %}{{ title }}{% endblock %}',
    "by-variable.html": "{% extends parent %}{% block title %}chosen{% endblock %}",
}


def engine(*builtins) -> Engine:
    return Engine(
        loaders=[
            (
                "django.template.loaders.cached.Loader",
                [("django.template.loaders.locmem.Loader", TEMPLATES)],
            )
        ],
        builtins=list(builtins),
    )


@pytest.mark.parametrize("name", ["page.html", "direct.html", "by-variable.html"])
@pytest.mark.parametrize("show", [True, False])
def test_a_page_is_drawn_as_djangos_own_extends_draws_it(name, show):
    django_engine, portal_engine = engine(), engine("portal.blocks")
    values = {"title": "<b>T</b>", "show": show, "parent": "layout.html"}
    expected = django_engine.get_template(name).render(Context(values))
    template = portal_engine.get_template(name)
    assert isinstance(template.nodelist[0], ExtendsNodeOnce)
    for _ in range(3):  # the first render lists the root's blocks, the others reuse them
        assert template.render(Context(values)) == expected
    assert "<footer>" in expected and "<title>" in expected


def test_the_root_templates_blocks_are_listed_once(monkeypatch):
    template = engine("portal.blocks").get_template("page.html")
    template.render(Context({"title": "First"}))
    walks = []
    real = NodeList.get_nodes_by_type

    def counted(self, nodetype):
        walks.append(nodetype)
        return real(self, nodetype)

    monkeypatch.setattr(NodeList, "get_nodes_by_type", counted)
    assert "<title>Second</title>" in template.render(Context({"title": "Second"}))
    assert walks == []


def test_the_portals_pages_use_it():
    page = get_template("questions/list.html").template
    assert isinstance(page.nodelist[0], ExtendsNodeOnce)
    layout = get_template("layouts/two_column.html").template
    assert isinstance(layout.nodelist[0], ExtendsNodeOnce)
