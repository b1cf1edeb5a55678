"""The `briefexport` command's first steps: a signal while it is still importing ends like any other."""

import signal
import subprocess
import sys

import pytest

# Sends the signal as the command line's modules begin to load, where a Ctrl-C in the first tenth of
# a second, or a CI timeout's SIGTERM, lands.
PROBE = """
import os, sys
signum = int(sys.argv.pop(1))
class Interrupting:
    def find_spec(self, name, path=None, target=None):
        if name == "briefexport.cli":
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signum)
        return None
sys.meta_path.insert(0, Interrupting())
from briefexport.startup import script
script()
"""


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["INT", "TERM", "HUP"])
def test_a_signal_while_the_command_imports_gives_one_line_and_128_plus_the_signal(signum):
    """It was a KeyboardInterrupt traceback for Ctrl-C, and no word at all and exit -15 for SIGTERM."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(int(signum)), "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGHUP, signal.SIG_DFL),  # as a terminal leaves it
    )
    how = "interrupted" if signum == signal.SIGINT else f"stopped by {signal.Signals(signum).name}"
    assert (done.returncode, done.stdout, done.stderr) == (
        128 + signum,
        "",
        f"briefexport: {how}; no partial file was left\n",
    )


def test_without_a_signal_the_command_runs():
    done = subprocess.run(
        [sys.executable, "-c", PROBE.replace("os.kill(os.getpid(), signum)", "pass"), "0", "--version"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0 and done.stdout.startswith("briefexport, version ")
