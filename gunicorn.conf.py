"""gunicorn reads this file from the directory it starts in (README, deployment).

The access log, when one is asked for (--access-logfile), keeps the path but never the
query string nor the referrer: search terms are personal data (a CPF, a name; LGPD)."""

access_log_format = '%(h)s %(l)s %(u)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms "%(a)s"'
