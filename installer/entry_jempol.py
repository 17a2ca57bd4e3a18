"""PyInstaller entry point for the windowed jempol.exe.

An exception escaping ``app.cli.main`` is logged (masked) and turned into exit
status 1: the bootloader's error dialog would otherwise block a silent run
such as the CI smoke test.
"""

import sys


def run() -> int:
    try:
        from app.cli import main

        return main()
    except KeyboardInterrupt:
        return 130
    except Exception:
        from app.logs import log_crash

        log_crash("jempol")
        return 1


if __name__ == "__main__":
    sys.exit(run())
