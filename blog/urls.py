from django.urls import path

from portal.pagecache import public_page

from . import feeds, views

app_name = "blog"
urlpatterns = [
    path("", views.article_index_view, name="index"),
    path("feed/", public_page()(feeds.ArticleFeed()), name="feed"),
    path("feed/atom/", public_page()(feeds.AtomArticleFeed()), name="feed_atom"),
    path("category/<slug:slug>/", views.article_category_view, name="category"),
    path("author/<slug:slug>/", views.author_view, name="author"),
    path("preview/<int:pk>/", views.article_preview_view, name="preview"),
    path("review/", views.review_queue_view, name="review"),
    path("review/<int:pk>/approve/", views.article_approve_view, name="approve"),
    path(
        "review/<int:pk>/request-changes/",
        views.article_request_changes_view,
        name="request_changes",
    ),
    path("<str:slug>/", views.article_detail_view, name="article"),
]
