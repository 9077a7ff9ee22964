"""Logging filters. Search terms are personal data (a CPF, a name): no log line keeps a
query string (LGPD; issue 17 item 6). `NoQueryString` is set on Django's request loggers
in settings.LOGGING; gunicorn's access log format (gunicorn.conf.py) has no query either."""

import logging
import re

# "GET /casos/?q=52998224725 HTTP/1.1" -> "GET /casos/?… HTTP/1.1"
_QUERY = re.compile(r"\?[^\s\"']*")


def without_query(text: str) -> str:
    return _QUERY.sub("?…", text)


class NoQueryString(logging.Filter):
    """Drops the query string of every URL in the record's message and arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = without_query(str(record.msg))
        if isinstance(record.args, tuple):
            record.args = tuple(
                without_query(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        elif isinstance(record.args, dict):
            record.args = {
                k: without_query(v) if isinstance(v, str) else v for k, v in record.args.items()
            }
        return True
