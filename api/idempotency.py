"""Safe retries: a POST sent again with the same `Idempotency-Key` (same user) gets the first
answer back, with `Idempotent-Replayed: true`, and changes nothing.

Only successful answers are kept (for KEEP_FOR): a refused request may be corrected and sent
again with the same key. The answer is stored in the same transaction as the change, so two
copies of a request racing each other leave one change: the second one's insert of the key
waits for the first to commit, fails on the unique constraint, rolls back and replays.
"""

import datetime
import functools
import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.response import Response

from .models import IdempotentRequest

HEADER = "Idempotency-Key"
KEEP_FOR = datetime.timedelta(hours=24)
MAX_KEY_LENGTH = 255


def idempotent(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        key = request.headers.get(HEADER)
        if not key or request.method != "POST":
            return view(request, *args, **kwargs)
        if len(key) > MAX_KEY_LENGTH:
            raise ValidationError({HEADER: f"{HEADER}: no máximo {MAX_KEY_LENGTH} caracteres."})
        digest = _digest(request.data)
        kept = _kept(request, key)
        if kept is not None:
            return _replay(kept, request=request, digest=digest)
        try:
            with transaction.atomic():
                response = view(request, *args, **kwargs)
                if 200 <= response.status_code < 300:
                    IdempotentRequest.objects.create(
                        user=request.user,
                        key=key,
                        path=request.path,
                        body_digest=digest,
                        status=response.status_code,
                        response=response.data,
                    )
        except IntegrityError:  # the same request, sent twice at once, won elsewhere
            return _replay(_kept(request, key), request=request, digest=digest)
        return response

    return wrapper


def _kept(request, key: str) -> IdempotentRequest | None:
    since = timezone.now() - KEEP_FOR
    IdempotentRequest.objects.filter(user=request.user, created_at__lt=since).delete()
    return IdempotentRequest.objects.filter(user=request.user, key=key).first()


def _replay(kept: IdempotentRequest, *, request, digest: str) -> Response:
    if kept.path != request.path or kept.body_digest != digest:
        raise ValidationError(
            {HEADER: f"{HEADER}: esta chave já foi usada em outro pedido; use uma chave nova."}
        )
    return Response(kept.response, status=kept.status, headers={"Idempotent-Replayed": "true"})


def _digest(data) -> str:
    text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()
