"""The grader: what tools/grade.py (one tree) and tools/grade_all.py (a
class) are made of. Each module reads in one sitting; the grade is decided
here, on the host, never by code of the student's.

Modules:

* jobs: how many labs or students run at once (the CPUs we may really use:
  affinity and the cgroup's quota, never os.cpu_count()).
* intake: a submission archive read as data into the submission's own
  directory (the intake engineer's).
* batch: grading a class, resumable (the intake engineer's).
* feedback: per-student reports and results.json (the intake engineer's).
"""
