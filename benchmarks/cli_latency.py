"""The issue's name for `search_latency.py`: a whole `dapipe quotes` process against the floor.

.venv/bin/python benchmarks/cli_latency.py [--db FILE ...] [--runs N]
"""

from search_latency import main  # this folder is on sys.path when run as a script

if __name__ == "__main__":
    raise SystemExit(main())
