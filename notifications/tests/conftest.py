from accounts.tests.test_password_reset import inbox  # noqa: F401 the SMTP server
from inbox.tests.conftest import week_of_cases  # noqa: F401 the analyst's deadlines
