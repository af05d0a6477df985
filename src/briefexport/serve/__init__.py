"""`briefexport serve`: a live preview of the readers' library while writing.

It serves build/site/ to this machine only (serve/server.py: 127.0.0.1 and [::1], requests that
name them; serve/hosts.py), builds it, then rebuilds on every change under content/, layouts/ and
fonts/ in one warm process (serve/watch.py), and the open pages reload through server-sent events
(serve/state.py). The built site holds no script: the server adds the few lines that listen for
reloads, and a banner with the last build's errors, to the HTML pages it sends (serve/pages.py).
It never sends a file outside build/site/ (no `..`, encoded or not, no symlink leading out).
"""

from briefexport.serve.server import HOST, PortInUse
from briefexport.serve.watch import Terminated, run, watched

__all__ = ["HOST", "PortInUse", "Terminated", "run", "watched"]
