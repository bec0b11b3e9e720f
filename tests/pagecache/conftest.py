# The app servers and the test Redis, as the site's own server tests use them.
from tests.newsroom.conftest import (  # noqa: F401
    collected_static,
    redis_available,
    redis_url,
    start_app_servers,
)
