"""A job for the worker tests: slow enough that two workers overlap, and it says who ran it."""

import time

from django_tasks import task


@task()
def take_a_while(number: int) -> int:
    time.sleep(0.05)
    return number
