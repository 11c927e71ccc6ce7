from django.db import models


class Term(models.Model):
    """A word of the indexed public text as written, with the number of documents that
    hold it: the vocabulary "did you mean" suggestions come from. A snapshot of ts_stat,
    replaced whole by search.services.vocabulary_refresh (beat, daily)."""

    word = models.CharField(max_length=64, unique=True)
    documents = models.PositiveIntegerField()

    class Meta:
        indexes = [
            models.Index(fields=["word"], name="term_word_prefix", opclasses=["text_pattern_ops"])
        ]

    def __str__(self) -> str:
        return self.word
