"""Search vectors maintained by the database: a question's text (A) and its public answers (B)
in the question's language configuration (`simple` where PostgreSQL has none), plus
`simple` for the text's words as written when that configuration is not English.

portal_ts_config(language) checks pg_ts_config when it runs, so a server without a
configuration (PostgreSQL 15 has no hindi) indexes that language with `simple`.
"""

import django.contrib.postgres.indexes
from django.db import migrations, models

# Frozen copy of portal.search.LANGUAGE_CONFIGS as it was when this migration was written.
LANGUAGE_CONFIGS = {
    "ar": "arabic", "ca": "catalan", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "es": "spanish", "eu": "basque", "fi": "finnish", "fr": "french",
    "ga": "irish", "hi": "hindi", "hu": "hungarian", "hy": "armenian", "id": "indonesian",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "nl": "dutch", "no": "norwegian",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish",
    "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}
_CASES = " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in LANGUAGE_CONFIGS.items())

FORWARD = f"""
CREATE OR REPLACE FUNCTION portal_ts_config(language text) RETURNS regconfig
LANGUAGE sql STABLE AS $$
    SELECT coalesce(
        (SELECT c.oid::regconfig FROM pg_catalog.pg_ts_config c
          WHERE c.cfgnamespace = 'pg_catalog'::regnamespace
            AND c.cfgname = (CASE language {_CASES} END)),
        'simple'::regconfig)
$$;

CREATE OR REPLACE FUNCTION questions_question_vector(qid bigint, qtext text, language text)
RETURNS tsvector LANGUAGE plpgsql STABLE AS $$
DECLARE
    cfg regconfig := portal_ts_config(language);
    answers text;
    vector tsvector;
BEGIN
    SELECT string_agg(a.body, ' ' ORDER BY a.id) INTO answers
      FROM questions_answer a WHERE a.question_id = qid AND a.visibility = 'visible';
    vector := setweight(to_tsvector(cfg, coalesce(qtext, '')), 'A')
           || setweight(to_tsvector(cfg, coalesce(answers, '')), 'B');
    IF cfg NOT IN ('simple'::regconfig, 'english'::regconfig) THEN
        vector := vector || setweight(to_tsvector('simple', coalesce(qtext, '')), 'A');
    END IF;
    RETURN vector;
END
$$;

CREATE OR REPLACE FUNCTION questions_question_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    NEW.search_vector := questions_question_vector(NEW.id, NEW.text, NEW.language);
    RETURN NEW;
END
$$;

CREATE TRIGGER question_search_vector
    BEFORE INSERT OR UPDATE OF text, language ON questions_question
    FOR EACH ROW EXECUTE FUNCTION questions_question_search_trigger();

CREATE OR REPLACE FUNCTION questions_answer_search_trigger() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        UPDATE questions_question q
           SET search_vector = questions_question_vector(q.id, q.text, q.language)
         WHERE q.id = OLD.question_id;
    END IF;
    IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.question_id <> OLD.question_id) THEN
        UPDATE questions_question q
           SET search_vector = questions_question_vector(q.id, q.text, q.language)
         WHERE q.id = NEW.question_id;
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER answer_search_vector
    AFTER INSERT OR DELETE OR UPDATE OF body, question_id, visibility ON questions_answer
    FOR EACH ROW EXECUTE FUNCTION questions_answer_search_trigger();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS answer_search_vector ON questions_answer;
DROP FUNCTION IF EXISTS questions_answer_search_trigger();
DROP TRIGGER IF EXISTS question_search_vector ON questions_question;
DROP FUNCTION IF EXISTS questions_question_search_trigger();
DROP FUNCTION IF EXISTS questions_question_vector(bigint, text, text);
DROP FUNCTION IF EXISTS portal_ts_config(text);
"""


def detect_existing(apps, schema_editor):
    """Give the questions already stored their language (which rewrites their vectors
    through the trigger)."""
    from portal.search import detect_language

    Question = apps.get_model("questions", "Question")
    batch = []
    for pk, text in Question.objects.order_by("pk").values_list("pk", "text").iterator(2000):
        batch.append(Question(pk=pk, language=detect_language(text)))
        if len(batch) >= 2000:
            Question.objects.bulk_update(batch, ["language"])
            batch = []
    if batch:
        Question.objects.bulk_update(batch, ["language"])


class Migration(migrations.Migration):
    dependencies = [("questions", "0009_follow_up_moderation")]

    operations = [
        migrations.AddField(
            model_name="question",
            name="language",
            field=models.CharField(blank=True, default="", editable=False, max_length=12),
        ),
        migrations.RunSQL(FORWARD, BACKWARD),
        migrations.RunPython(detect_existing, migrations.RunPython.noop),
        # The same index without a pending list: set in place, no rebuild.
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER INDEX question_search SET (fastupdate = off)",
                    "ALTER INDEX question_search RESET (fastupdate)",
                )
            ],
            state_operations=[
                migrations.RemoveIndex(model_name="question", name="question_search"),
                migrations.AddIndex(
                    model_name="question",
                    index=django.contrib.postgres.indexes.GinIndex(
                        fastupdate=False, fields=["search_vector"], name="question_search"
                    ),
                ),
            ],
        ),
    ]
