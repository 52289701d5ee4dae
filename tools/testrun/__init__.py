"""What tools/run_tests.py is made of, one concern a module:

* :mod:`testrun.results` -- a counted test's outcome, a job's printed
  report, the ``--json`` records;
* :mod:`testrun.boot` -- a boot test: one ``.test`` spec booted by the
  runner (tools/runner/), with its in-kernel tests;
* :mod:`testrun.host` -- a host test: one cmocka program, each case
  counted (and the cmocka output parser tools/grade.py uses too);
* :mod:`testrun.scripts` -- a test script (``tests/*/*.sh BUILD``);
* :mod:`testrun.collect` -- which jobs a command line asks for;
* :mod:`testrun.pool` -- running them, slowest first, with the times of
  the previous run.
"""
