import os

# Tests use the development defaults (embedded database, dev secret key) unless the
# environment says otherwise; Django's test runner still turns DEBUG off at run time.
os.environ.setdefault("DEBUG", "1")
