"""The editorial workflow as people do it, in headless Chromium: an editor writes an article
with a table and an FAQ in the admin and previews it, a doctor approves it from the review
desk, the editor publishes it, and a visitor on a phone reads it and follows a
"Questions and answers" link. Screenshots at 360 px go to screenshots/browser/."""

import re

import pytest

from blog.models import Article, ArticleStatusChange
from tests.blog.conftest import _perm, cover_upload, make_editor
from tests.browser.helpers import DESKTOP, PHONE, log_in, no_sideways_scroll, shot
from tests.questions.helpers import answered_question

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Living With Plaque Psoriasis"
BODY = """Plaque psoriasis is the commonest kind of psoriasis.

## What helps at home

Moisturise every day, and keep to the treatment your doctor gives you.

## What treatment costs

| Treatment | Cost in India |
|:--|--:|
| Phototherapy, 24 sessions | ₹12,000 to ₹36,000 |
| Methotrexate, one month | ₹300 to ₹1,500 |

## When to see a doctor

See a dermatologist if creams have not helped after a month.
"""


def run_action(page, base: str, action_label: str) -> None:
    page.goto(f"{base}/admin/blog/article/")
    page.locator("input.action-select").first.check()
    page.locator('select[name="action"]').select_option(label=action_label)
    page.get_by_role("button", name="Go").click()
    page.wait_for_load_state()


def test_editor_writes_reviewer_approves_visitor_reads(
    browser, live_server, doctor, specialty, tmp_path
):
    base = live_server.url
    editor = make_editor("editor@example.org", name="Kavya Menon", can_publish=True)
    doctor.user.user_permissions.add(_perm("review_article"))
    question = answered_question(doctors=[doctor], specialty=specialty, age=42, gender="male")

    # The editor writes the article in the admin, with its FAQ.
    editor_ctx = browser.new_context(viewport=DESKTOP)
    page = editor_ctx.new_page()
    log_in(page, base, editor.email)
    page.goto(f"{base}/admin/blog/article/add/")
    page.get_by_label("Title:").fill(TITLE)
    page.get_by_label("Specialty:").select_option(label=specialty.name)
    page.get_by_label("Summary:").fill("Everyday care, treatment costs and when to see a doctor.")
    page.get_by_label("Body:").fill(BODY)
    cover = tmp_path / "plaque-psoriasis.png"
    cover.write_bytes(cover_upload(1600, 900).read())
    page.get_by_label("Cover image:").set_input_files(str(cover))
    page.get_by_label("Cover description (alt text):").fill("A dermatologist examining an elbow")
    page.locator(".add-row a", has_text="Add another FAQ item").click()
    page.locator('[name="faq_items-0-question"]').fill("Is psoriasis contagious?")
    page.locator('[name="faq_items-0-answer"]').fill("No. You cannot catch it from anyone.")
    page.locator(".add-row a", has_text="Add another Reference").click()
    page.locator('[name="references-0-title"]').fill("Psoriasis")
    page.locator('[name="references-0-publisher"]').fill("NHS")
    page.locator('[name="references-0-url"]').fill("https://www.nhs.uk/conditions/psoriasis/")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state()
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.DRAFT
    shot(page, "blog-01-editor-wrote-article")

    # ...previews it exactly as visitors will see it...
    with editor_ctx.expect_page() as preview_info:
        page.locator(".object-tools").get_by_role("link", name="Preview").click()
    preview = preview_info.value
    preview.wait_for_load_state()
    assert "Preview" in preview.inner_text(".preview-bar")
    assert preview.locator(".article__body table").is_visible()
    assert preview.get_by_text("Is psoriasis contagious?").is_visible()
    preview.set_viewport_size(PHONE)
    shot(preview, "blog-02-editor-preview")
    preview.close()

    # ...and sends it to review.
    run_action(page, base, "Send to review")
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW

    # The doctor approves it from the review desk, after reading the preview.
    doctor_ctx = browser.new_context(viewport=PHONE)
    dpage = doctor_ctx.new_page()
    log_in(dpage, base, doctor.user.email)
    dpage.goto(f"{base}/blog/review/")
    card = dpage.locator(".review-item", has_text=TITLE)
    shot(dpage, "blog-03-reviewer-queue")
    card.get_by_role("link", name=TITLE).click()
    dpage.wait_for_load_state()
    assert dpage.locator(".article__body table").is_visible()
    dpage.go_back()
    card = dpage.locator(".review-item", has_text=TITLE)
    card.get_by_label("Note (optional)").fill("Accurate and clear.")
    card.get_by_role("button", name="Approve").click()
    dpage.wait_for_load_state()
    assert "You approved" in dpage.inner_text(".messages")
    shot(dpage, "blog-04-reviewer-approved")
    article.refresh_from_db()
    assert article.reviewer == doctor and article.last_reviewed_at is not None

    # The editor publishes it.
    run_action(page, base, "Publish (or schedule, if the publish time is ahead)")
    article.refresh_from_db()
    assert article.is_live
    assert list(
        ArticleStatusChange.objects.filter(article=article)
        .order_by("created_at", "id")
        .values_list("to_status", flat=True)
    ) == ["review", "review", "published"]

    # A visitor on a phone finds it on the blog, reads it, and follows a question.
    visitor_ctx = browser.new_context(viewport=PHONE)
    vpage = visitor_ctx.new_page()
    vpage.goto(f"{base}/blog/")
    shot(vpage, "blog-05-visitor-blog-index")
    vpage.get_by_role("link", name=TITLE).click()
    vpage.wait_for_url(re.compile(re.escape(article.get_absolute_url())))
    main = vpage.inner_text("main")
    for part in ("Medically reviewed by", "Dr. Asha Rao", "min read", "References"):
        assert part in main, part
    assert vpage.get_by_role("navigation", name="Contents").is_visible()
    assert vpage.locator(".article__body table").is_visible()
    no_sideways_scroll(vpage)
    # The cover, uploaded in the admin, arrives as a WebP sized for a phone.
    cover_img = vpage.locator(".article__cover img")
    assert cover_img.get_attribute("alt") == "A dermatologist examining an elbow"
    vpage.wait_for_function("document.querySelector('.article__cover img').complete")
    loaded = cover_img.evaluate("img => [img.currentSrc, img.naturalWidth]")
    assert loaded[0].endswith(".webp") and loaded[1] > 0, loaded
    shot(vpage, "blog-06-visitor-reads-article")
    faq_answer = vpage.get_by_text("You cannot catch it from anyone.")
    assert faq_answer.is_visible()  # the first FAQ item starts open
    vpage.get_by_text("Is psoriasis contagious?").click()
    assert not faq_answer.is_visible()
    vpage.get_by_text("Is psoriasis contagious?").click()
    assert faq_answer.is_visible()
    qa = vpage.locator("section", has=vpage.get_by_role("heading", name="Questions and answers"))
    assert "Male | 42" in qa.inner_text()
    qa.get_by_role("link", name=re.compile("Read answer")).first.click()
    vpage.wait_for_url(re.compile(rf"/questions/{question.pk}/"))
    assert "Dr. Asha Rao" in vpage.inner_text("main")
    shot(vpage, "blog-07-visitor-follows-question")

    for ctx in (editor_ctx, doctor_ctx, visitor_ctx):
        ctx.close()
