"""Scheduled work: the ticker (APScheduler) and the lease that keeps it to one process."""
