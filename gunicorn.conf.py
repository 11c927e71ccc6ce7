"""gunicorn reads this file from its working directory (/app in the image).

The access log names the method, the path without its query string, the status, the size
and the time taken: no client address, no query string and no Referer, because search
words (/search/?q=...) are health text and must never be logged beside who sent them."""

access_log_format = '%(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
