"""Email backends for tests: a mail server that is down, and one that hangs."""

import smtplib
import time

from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FailingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPConnectError(421, "Service not available")


class SlowEmailBackend(LocmemBackend):
    """Deliver to the locmem outbox after a long wait, like a slow mail server."""

    delay = 2.0

    def send_messages(self, messages):
        time.sleep(self.delay)
        return super().send_messages(messages)
