from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from doctors.pagecache import declare_doctor, declare_doctors
from portal import pagecache
from portal.accounts import roles
from portal.pagecache import public_page
from portal.pagination import page_of
from portal.search import search_for
from portal.seo import absolute
from portal.visibility import removed_response
from questions.pagecache import declare_question_cards

from .forms import ReviewNoteForm
from .models import Article
from .pagecache import declare_article_lists, next_publish_at, topic_tags
from .permissions import check_preview_article, check_review_queue
from .selectors import (
    RELATED_ARTICLES,
    article_for_page,
    article_for_preview,
    article_is_removed,
    article_list,
    article_list_for_author,
    article_list_for_category,
    article_parts,
    article_parts_name,
    article_search_list,
    author_for_page,
    byline,
    category_for_slug,
    category_list,
    re_review_list,
    related_question_list,
    review_queue,
    topic_article_list,
    topic_specialty,
)
from .services import article_approve, article_return_to_draft
from .structured_data import article_jsonld
from .templatetags.article_cards import card_blocks as article_card_blocks

PAGE_SIZE = 12


def _breadcrumbs(*trail: tuple[str, str]) -> list[tuple[str, str]]:
    """Home > Blog > ``trail``: a blog page's breadcrumbs, (name, path) pairs for
    partials/breadcrumbs.html and, on article pages, the JSON-LD."""
    return [(_("Home"), reverse("home")), (_("Blog"), reverse("blog:index")), *trail]


def _category_crumb(category) -> tuple[str, str]:
    return (category.name, reverse("blog:category", kwargs={"slug": category.slug}))


def _list_page(request, articles, *, name: str):
    """The requested page of the blog list ``name`` (the index, a topic's, an author's;
    not a search). The list's length and the page's articles are fragments of the page
    cache, read again after a change to an article, a topic or a doctor (a byline is a
    doctor's name), so a page rendered again at another address (a campaign's query
    string) neither counts nor reads the list: most of its cost besides the cards."""
    paginator = Paginator(articles, PAGE_SIZE)
    paginator.count = pagecache.fragment(f"blog-count:{name}", ["articles"], articles.count)
    page = paginator.get_page(request.GET.get("page"))
    page.object_list = pagecache.fragment(
        f"blog-page:{name}:{page.number}",
        ["articles", "taxonomy", "doctors"],
        lambda: list(page.object_list),
    )
    return page


@public_page()
def article_index_view(request):
    declare_article_lists()
    search = search_for(request.GET.get("q", "")[:2000])
    articles = article_list() if search is None else article_search_list(search=search)
    context = {
        "q": search.text if search else "",
        "q_query": urlencode({"q": search.text}) if search else "",
        "page_obj": (
            _list_page(request, articles, name="all")
            if search is None
            else page_of(request, articles, PAGE_SIZE)
        ),
        "categories": category_list(),
        "breadcrumbs": _breadcrumbs(),
    }
    return render(request, "blog/index.html", context)


@public_page()
def article_category_view(request, slug: str):
    declare_article_lists()
    category = category_for_slug(slug=slug)
    if category is None:
        raise Http404("No such topic")
    context = {
        "category": category,
        "page_obj": _list_page(
            request,
            article_list_for_category(category=category),
            name=f"{category.kind}:{category.obj.pk}",
        ),
        "categories": category_list(),
        "breadcrumbs": _breadcrumbs(_category_crumb(category)),
    }
    return render(request, "blog/category.html", context)


@public_page()
def author_view(request, slug: str):
    declare_article_lists()
    author = author_for_page(slug=slug)
    if author is None:
        raise Http404("No such author")
    doctor = roles.doctor_profile(author.user)
    if doctor is not None:
        declare_doctor(doctor)
    context = {
        "author": author,
        "doctor": doctor if doctor is not None and doctor.is_verified else None,
        "page_obj": _list_page(
            request, article_list_for_author(author=author), name=f"author:{author.user_id}"
        ),
        "breadcrumbs": _breadcrumbs((author.display_name, author.get_absolute_url())),
    }
    return render(request, "blog/author.html", context)


TOPIC_PART = "blog/partials/article_topic.html"


def _topic_parts(article: Article) -> dict:
    """What every article on the same specialty and treatment shows below the article:
    the topic's newest articles as cards (``related_articles``, leaving this one out), the
    topic's specialty (``question_specialty``, for the consult box) and, as
    ``topic_part``, its newest answered questions as cards and the directory links. Kept
    as one part for visitors (pagecache.captured: one round trip where it took seven, and
    no query), stale when an article is published or a scheduled one goes live, when the
    specialty's questions, a card's doctor, the doctors (bylines), the taxonomy or the
    directory links move on."""

    def compute():
        pagecache.depends_on("articles", "doctors", "taxonomy")
        pagecache.expires_at(next_publish_at())
        articles = topic_article_list(article=article, limit=RELATED_ARTICLES + 1)
        specialty = topic_specialty(article)
        if specialty is not None:
            pagecache.depends_on(f"questions-in:{specialty.pk}")
        questions = list(related_question_list(specialty=specialty))
        declare_question_cards(questions)
        html = get_template(TOPIC_PART).render(
            {
                "related_questions": questions,
                "question_specialty": specialty,
                "specialty": article.specialty,
                "treatment": article.treatment,
            }
        )
        cards = [str(card) for card in article_card_blocks(articles)]
        return [a.pk for a in articles], cards, specialty, html

    pks, cards, specialty, html = pagecache.captured(_topic_part_name(article), compute)
    others = [card for pk, card in zip(pks, cards, strict=True) if pk != article.pk]
    return {
        "related_articles": pagecache.mark_joined(others[:RELATED_ARTICLES]),
        "question_specialty": specialty,
        "topic_part": mark_safe(html),  # noqa: S308 - our own template's output
    }


def _article_doctors(article: Article, by) -> list:
    """The doctors the article's page shows: its author's profile and its reviewer."""
    return [d for d in (by.doctor, article.reviewer) if d is not None]


def _topic_part_name(article: Article) -> str:
    return f"article-topic:{article.specialty_id}:{article.treatment_id}"


def _article_context(request, article: Article, *, preview: bool = False) -> dict:
    by = byline(article)
    # For a visitor, its doctors' versions, its references and FAQ, and its topic's part
    # come in one round trip (pagecache.read_ahead; nothing happens for a preview).
    pagecache.read_ahead(
        tags=[f"doctor:{d.pk}" for d in _article_doctors(article, by)],
        fragments=[article_parts_name(article)],
        captured=[_topic_part_name(article)],
    )
    category = article.category
    topic = [_category_crumb(category)] if category is not None else []
    breadcrumbs = _breadcrumbs(*topic, (article.title, article.get_absolute_url()))
    image_url = absolute(article.cover_image.url) if article.cover_image else ""
    references, faq_items = article_parts(article=article, fresh=preview)
    return {
        "article": article,
        "byline": by,
        "preview": preview,
        "breadcrumbs": breadcrumbs,
        "image_url": image_url,
        "references": references,
        "faq_items": faq_items,
        **_topic_parts(article),
        "jsonld": article_jsonld(
            article=article,
            byline=by,
            breadcrumbs=breadcrumbs,
            faq_items=faq_items,
            image_url=image_url,
        ),
    }


@public_page("taxonomy")
def article_detail_view(request, slug: str):
    article = article_for_page(slug=slug)
    if article is None:
        if article_is_removed(slug=slug):
            return removed_response(request)
        raise Http404("No such article")
    pagecache.depends_on(
        f"article:{article.pk}",
        *topic_tags(specialty_id=article.specialty_id, treatment_id=article.treatment_id),
    )
    context = _article_context(request, article)
    declare_doctors(_article_doctors(article, context["byline"]))
    return render(request, "blog/article_detail.html", context)


def article_preview_view(request, pk: int):
    """The article exactly as its public page will show it, whatever its status, for
    editors and for the doctor asked to review it."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    article = article_for_preview(pk=pk)
    if article is None:
        raise Http404("No such article")
    check_preview_article(request.user, article)
    response = render(
        request, "blog/article_detail.html", _article_context(request, article, preview=True)
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def review_queue_view(request):
    """A medical reviewer's desk: articles waiting for them, and their live articles
    whose review has come due again."""
    check_review_queue(request.user)
    doctor = request.user.doctor_profile
    context = {
        "waiting": list(review_queue(doctor=doctor)),
        "due": list(re_review_list(doctor=doctor)),
        "form": ReviewNoteForm(),
    }
    return render(request, "blog/review_queue.html", context)


@login_required
@require_POST
def article_approve_view(request, pk: int):
    article = get_object_or_404(Article, pk=pk)
    form = ReviewNoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "; ".join(form.errors.get("note", [])))
        return redirect("blog:review")
    try:
        article_approve(actor=request.user, article=article, note=form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(
            request,
            _("You approved “%(title)s”. An editor will publish it.") % {"title": article.title},
        )
    return redirect("blog:review")


@login_required
@require_POST
def article_request_changes_view(request, pk: int):
    article = get_object_or_404(Article, pk=pk)
    form = ReviewNoteForm(request.POST, required=True)
    if not form.is_valid():
        messages.error(request, _("Tell the writer what to change before sending it back."))
        return redirect("blog:review")
    try:
        article_return_to_draft(actor=request.user, article=article, note=form.cleaned_data["note"])
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    else:
        messages.success(
            request,
            _("“%(title)s” went back to its writer with your note.") % {"title": article.title},
        )
    return redirect("blog:review")
