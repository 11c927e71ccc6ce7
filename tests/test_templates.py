"""Every template of the portal compiles, and every template it names by a constant
(``{% extends %}``, ``{% include %}``, an inclusion tag) or that Python names in a string
exists. Django only looks those up when a page renders, so a renamed partial would
otherwise surface as a 500 on whichever page no test happens to visit."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Template as CompiledTemplate
from django.template.library import InclusionNode
from django.template.loader import get_template
from django.template.loader_tags import ExtendsNode, IncludeNode

BASE_DIR = Path(settings.BASE_DIR)
PROJECT_PACKAGES = ("portal", "questions", "doctors", "blog", "directory", "devtools")
TEMPLATE_DIRS = [BASE_DIR / "templates", *(BASE_DIR / p / "templates" for p in PROJECT_PACKAGES)]
TEMPLATE_NAMES = sorted(
    path.relative_to(root).as_posix()
    for root in TEMPLATE_DIRS
    if root.is_dir()
    for path in root.rglob("*.html")
)
PYTHON_NAMED = sorted(
    {
        name
        for package in PROJECT_PACKAGES
        for path in (BASE_DIR / package).rglob("*.py")
        for name in re.findall(r"""["']([\w/.-]+\.html)["']""", path.read_text())
    }
)


def named_templates(template) -> list[str]:
    """The template names a compiled template refers to by constant; names held in
    variables (``{% include template_name %}``) are the view's business."""
    names = []
    for node in template.nodelist.get_nodes_by_type(ExtendsNode):
        if isinstance(node.parent_name.var, str):
            names.append(node.parent_name.var)
    for node in template.nodelist.get_nodes_by_type(IncludeNode):
        if isinstance(node.template.var, str):
            names.append(node.template.var)
    for node in template.nodelist.get_nodes_by_type(InclusionNode):
        if isinstance(node.filename, str):
            names.append(node.filename)
    return names


def test_templates_are_found():
    assert "base.html" in TEMPLATE_NAMES
    assert "layouts/two_column.html" in TEMPLATE_NAMES


@pytest.mark.parametrize("name", TEMPLATE_NAMES)
def test_template_compiles_and_its_references_exist(name):
    template = get_template(name).template
    assert isinstance(template, CompiledTemplate)
    for referenced in named_templates(template):
        get_template(referenced)


@pytest.mark.parametrize("name", PYTHON_NAMED)
def test_template_named_in_python_exists(name):
    get_template(name)
