"""How fast okrs is at the size it is built for, and the company to measure it on.

- `okrs generate` builds the synthetic 10,000-person company (`company`): 1,000 teams in
  a 4-level tree, eight quarters of objectives, key results and weekly check-ins.
- `okrs bench` times, on the database in use, whole-cycle scoring in process and as the
  `okrs score --json` command, a 1,000-objective import rolled back, the main pages
  through Django's test client (`timings`), and two API calls under concurrent clients
  against a real `okrs serve` (`api`).
- `okrs bench --load` drives `okrs serve` as production runs it with readers alone, then
  with one writer, then with many, and checks that no check-in is lost and the stored
  figures stay right (`load`).

The data is left as it was in every case but `generate`. Figures are for comparing runs
on one machine: the load comes from the same machine as the server.
"""


class BenchError(RuntimeError):
    """A benchmark cannot run: no data to read or write, or the server does not come up."""
