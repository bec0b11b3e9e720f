"""django-tasks-db's worker, which also takes over jobs their worker abandoned.

A worker marks a job "running" before it runs it; if the worker then dies (a
crash, a kill, a lost machine) the job would stay "running" for ever. Jobs
running longer than NEWSROOM_TASK_LEASE_SECONDS are made ready again, when a
worker starts and every so often while it runs. Mail jobs record what they
sent (comments.notifications), so running one again mails nobody twice.
"""

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Command as WorkerCommand
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger("django_tasks_db")


def requeue_abandoned_jobs() -> int:
    """Make jobs "running" for longer than the lease ready to run again."""
    cutoff = timezone.now() - timedelta(seconds=settings.NEWSROOM_TASK_LEASE_SECONDS)
    count = DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).update(status=TaskResultStatus.READY, started_at=None)
    if count:
        logger.warning("Took over %d job(s) abandoned by a worker", count)
    return count


class Command(WorkerCommand):
    help = (
        "Run background jobs (mail) from the database, taking over jobs that a "
        "worker which died left running."
    )

    def handle(self, *args, **options):
        self.configure_logging(options["verbosity"])
        requeue_abandoned_jobs()
        if not options["batch"]:
            threading.Thread(
                target=self.keep_taking_over, daemon=True, name="requeue"
            ).start()
        super().handle(*args, **options)

    @staticmethod
    def keep_taking_over():
        interval = max(5, settings.NEWSROOM_TASK_LEASE_SECONDS / 4)
        while True:
            threading.Event().wait(interval)
            try:
                requeue_abandoned_jobs()
            except Exception:
                logger.exception("Could not look for abandoned jobs")
            finally:
                close_old_connections()
