"""Password hashing: Argon2id with the parameters OWASP recommends."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class OwaspArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with 19 MiB, 2 passes and 1 lane (OWASP Password Storage Cheat Sheet).

    Django's defaults (100 MiB and 8 lanes) cost about five times the CPU per log-in: on
    the 2-core servers the team runs on, a morning's 50 log-ins held every worker for
    seconds. Brute force is met by django-axes' lock-out, not by slower hashes alone.
    Hashes made with other parameters are re-made with these at the next log-in.
    """

    memory_cost = 19 * 1024  # KiB
    time_cost = 2
    parallelism = 1
