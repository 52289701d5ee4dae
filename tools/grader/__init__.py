"""The grader: what tools/grade.py (one tree) and tools/grade_all.py (a
class) are made of. Each module reads in one sitting; the grade is decided
here, on the host, never by code of the student's.

Modules, in the order a grade is made:

* jobs: how many labs or students run at once (the CPUs we may really use:
  affinity and the cgroup's quota, never os.cpu_count()).
* intake: a submission archive read as data into the submission's own
  directory.
* unpacker: the intake as root, in a child that has given up root first.
* tree: the grading tree, the course's with the submission's lab files.
* runs: the submission's tree, its build with make, and every run of the
  student's code in the sandbox (tools/sandbox.py).
* hidden: the hidden variants, which the student's build never sees; the
  hidden test kernel is linked afterwards from the student's objects.
* boot_labs: a boot test through the runner, and why it did not pass.
* host_labs: a host test: the student's code and the course's test program
  compiled apart, checked, linked and run, each in a sandbox of its own.
* checker: what that test program observed, compared with the expected
  observations, which only the grader holds.
* objects: the student's object file checked before it is linked
  (symbols, sections, system-call bytes).
* report: the table, the CSV rows.
* batch: grading a class, resumable; results: its CSV, a student at a time.
* cache: the objects the course's own files compile to, once per batch.
* feedback: per-student reports and results.json.

tools/grade.py is the command line (``make grade``) over these.
"""
