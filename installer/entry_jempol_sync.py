"""PyInstaller entry point for the console jempol-sync.exe (run by Task Scheduler).

An exception escaping ``sync.cli.main`` is logged (masked) and turned into
exit status 1, so the scheduled task records a failure instead of hanging.
"""

import sys


def run() -> int:
    try:
        from sync.cli import main

        return main()
    except KeyboardInterrupt:
        return 130
    except Exception:
        from app.logs import log_crash

        log_crash("jempol-sync")
        return 1


if __name__ == "__main__":
    sys.exit(run())
