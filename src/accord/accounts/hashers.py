from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class AccordArgon2PasswordHasher(Argon2PasswordHasher):
    """Argon2id with a memory cost that fits a small server (OWASP's 19 MiB, t=2 minimum)."""

    algorithm = "argon2"
    time_cost = 2
    parallelism = 1

    @property
    def memory_cost(self) -> int:  # type: ignore[override]
        return int(settings.ACCORD_ARGON2_MEMORY_KIB)
