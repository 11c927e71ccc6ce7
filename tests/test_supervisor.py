"""portal/supervisor.py restarts a child that exits, with a message in the terminal."""

import sys
import time

from portal.supervisor import Child, Supervisor


def test_a_child_that_exits_is_started_again(capsys):
    child = Child("sleeper", [sys.executable, "-c", "import time; time.sleep(0.2)"], env={})
    supervisor = Supervisor([child], poll_every=0.1)
    supervisor.start()
    try:
        deadline = time.monotonic() + 20
        while child.restarts < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        supervisor.stop()
    assert child.restarts >= 2
    assert "sleeper exited with status 0: restarting it" in capsys.readouterr().out
    assert child.process.poll() is not None  # stopped with the supervisor
