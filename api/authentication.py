"""`Authorization: Token <chave>` with the people's tokens of `ApiToken` (their last use kept)."""

import datetime

from django.utils import timezone
from rest_framework import authentication, exceptions

from .models import ApiToken, token_digest

# A token's last use is written at most this often: not one UPDATE per request.
LAST_USE_PRECISION = datetime.timedelta(minutes=1)


class ApiTokenAuthentication(authentication.TokenAuthentication):
    keyword = "Token"

    def authenticate_credentials(self, key):
        token = ApiToken.objects.select_related("user").filter(digest=token_digest(key)).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed("Token inválido ou revogado.")
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USE_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token
