"""Smoothie's virtual viewers as Locust users.

Each Locust user is one viewer: it asks the `smoothie load --agent` on its machine
(SMOOTHIE_AGENT, default http://127.0.0.1:7070) to play the host's manifest for
SMOOTHIE_FOR (default 60s), then reports what the viewer got as Locust request
entries of type "smoothie", one per figure, so Locust's statistics, CSV and HTML
outputs, and its distribution over workers (--master / --worker, on as many
machines as there are agents) apply to them:

  startup_ms    response_time: time to the first frame (ms)
  stall_permille response_time: stall ratio in thousandths
  avg_kbps      response_time: average video bitrate played (kbit/s)
  switches      response_time: quality switches
  requests      response_time and response_length: HTTP requests the viewer made
                (the Total Content Size of this row is every viewer's requests)
  errors        response_time: failed requests

A viewer whose session could not start is one failure of type "viewer".
Run (docs/load.md): locust -f contrib/locust/locustfile.py --host URL ...
"""

import json
import os
import time
import urllib.error
import urllib.request

import locust.runners
from locust import User, events, task
from locust.exception import StopUser

# Debian's python3-locust reports an empty version, and a master takes a worker
# that says so for a pre-2.0 one and refuses it: give both sides the same name.
if not locust.runners.__version__:
    locust.runners.__version__ = "debian"

AGENT = os.environ.get("SMOOTHIE_AGENT", "http://127.0.0.1:7070")
FOR = os.environ.get("SMOOTHIE_FOR", "60s")


def seconds(d):
    """A Go duration of the simple kinds (90s, 2m, 1h30m) in seconds."""
    total, num = 0.0, ""
    units = {"h": 3600, "m": 60, "s": 1}
    for c in d:
        if c.isdigit() or c == ".":
            num += c
        elif c in units and num:
            total, num = total + float(num) * units[c], ""
        else:
            raise ValueError("SMOOTHIE_FOR %r: want a duration like 60s or 2m" % d)
    if num:
        raise ValueError("SMOOTHIE_FOR %r: a number without a unit" % d)
    return total


class Viewer(User):
    """One virtual viewer: one session, then the user stops."""

    @task
    def watch(self):
        body = json.dumps({"url": self.host, "for": FOR}).encode()
        req = urllib.request.Request(AGENT + "/viewer", data=body, headers={"Content-Type": "application/json"})
        start = time.time()
        try:
            with urllib.request.urlopen(req, timeout=seconds(FOR) + 60) as resp:
                rep = json.load(resp)
        except (urllib.error.URLError, OSError, ValueError) as e:
            detail = e.read().decode(errors="replace").strip() if isinstance(e, urllib.error.HTTPError) else str(e)
            events.request.fire(request_type="viewer", name="session", response_time=(time.time() - start) * 1000,
                                response_length=0, exception=Exception(detail), context={})
            raise StopUser()
        n_errors = sum((rep.get("errors_by_kind") or {}).values())
        for name, value, length in (
            ("startup_ms", rep.get("ttff_ms", 0), 0),
            ("stall_permille", rep.get("stall_ratio", 0) * 1000, 0),
            ("avg_kbps", rep.get("avg_bitrate", 0) / 1000, 0),
            ("switches", rep.get("switches", 0), 0),
            ("requests", rep.get("requests", 0), rep.get("requests", 0)),
            ("errors", n_errors, 0),
        ):
            events.request.fire(request_type="smoothie", name=name, response_time=value,
                                response_length=length, exception=None, context={})
        raise StopUser()
