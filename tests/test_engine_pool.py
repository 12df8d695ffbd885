"""The engine pool: jobs in worker processes, a time limit that kills only the slow job's
worker, and a bounded queue."""

from __future__ import annotations

import asyncio
import concurrent.futures
import operator
import time

import pytest

from postdesk.desk.errors import BusyError
from postdesk.engine_pool import EnginePool, EngineTimeoutError


def run_in_fresh_loop(make_coroutine):  # type: ignore[no-untyped-def]
    """asyncio.run in its own thread: a browser test's loop may still run in this one."""
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        return thread.submit(lambda: asyncio.run(make_coroutine())).result()


def test_a_job_past_its_limit_is_ended_and_the_pool_goes_on() -> None:
    pool = EnginePool(workers=1, timeout_seconds=1.0)

    async def scenario() -> int:
        assert await pool.run(operator.add, 1, 2) == 3  # the worker is up
        started = time.monotonic()
        with pytest.raises(EngineTimeoutError) as refused:
            await pool.run(time.sleep, 60)
        assert time.monotonic() - started < 30  # ended at the limit, not after 60 s
        assert "1 seconds" in str(refused.value)
        return await pool.run(operator.mul, 6, 7)  # a new worker took the killed one's place

    try:
        assert run_in_fresh_loop(scenario) == 42
    finally:
        pool.close()


def test_a_full_queue_is_refused_at_once_with_retry_after() -> None:
    pool = EnginePool(workers=1, timeout_seconds=30.0, queue_per_worker=1)

    async def scenario() -> None:
        slow = [asyncio.create_task(pool.run(time.sleep, 2)) for _ in range(2)]
        await asyncio.sleep(0.1)
        with pytest.raises(BusyError) as refused:
            await pool.run(operator.add, 1, 1)
        assert refused.value.retry_after
        assert refused.value.localised("zh").startswith("读信服务正忙")
        await asyncio.gather(*slow)
        assert await pool.run(operator.add, 1, 1) == 2  # room again

    try:
        run_in_fresh_loop(scenario)
    finally:
        pool.close()
