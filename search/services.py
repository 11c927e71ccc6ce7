"""Writes for search: the vocabulary snapshot behind "did you mean"."""

from django.db import connection, transaction

# A word must appear in this many public documents to be suggested: a typo made once is
# not vocabulary.
VOCABULARY_MIN_DOCUMENTS = 1
VOCABULARY_MAX_WORDS = 200_000

# Every word as written (`simple`) in answered public questions, live articles' titles and
# summaries, specialties and treatments. Words with a digit or shorter than three letters
# are no use as spelling suggestions.
_REFRESH_SQL = """
INSERT INTO search_term (word, documents)
SELECT word, ndoc FROM ts_stat($$
    SELECT to_tsvector('simple', q.text) FROM questions_question q
     WHERE NOT q.is_private AND q.answered_at IS NOT NULL AND q.visibility = 'visible'
    UNION ALL
    SELECT to_tsvector('simple', a.title || ' ' || a.summary) FROM blog_article a
     WHERE a.status = 'published' AND a.publish_at <= now() AND a.visibility = 'visible'
    UNION ALL
    SELECT to_tsvector('simple', s.name || ' ' || s.keywords) FROM taxonomy_specialty s
    UNION ALL
    SELECT to_tsvector('simple', t.name) FROM taxonomy_treatment t
$$)
WHERE length(word) BETWEEN 3 AND 64 AND word !~ '[0-9_]' AND ndoc >= %(min_documents)s
ORDER BY ndoc DESC
LIMIT %(max_words)s
"""


def vocabulary_refresh() -> int:
    """Replace the vocabulary with a fresh ts_stat snapshot; returns its size. One
    transaction, so readers see the old snapshot or the new one."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_term")
        cursor.execute(
            _REFRESH_SQL,
            {"min_documents": VOCABULARY_MIN_DOCUMENTS, "max_words": VOCABULARY_MAX_WORDS},
        )
        return cursor.rowcount
