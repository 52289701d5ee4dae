"""The batch's CSV: appended a student at a time, resumed after an interruption.

grader.batch grades a class into it (tools/grade_all.py): one row per lab,
``student,exercise,points,possible,reason``, then a ``total`` row, written
last, which marks a finished student. A batch started again keeps the rows
of the finished students and drops those of a student it was interrupted
in the middle of; a lock keeps a second batch from writing the same file.
"""

import csv
import fcntl
import os
import threading
from pathlib import Path

COLUMNS = ["student", "exercise", "points", "possible", "reason"]
TOTAL = "total"           # the exercise of a student's last row
BUILD = "build"           # the exercise of the row of a submission not graded at all

class Results:
    """grades.csv, written a student at a time, each student flushed to the disk."""

    def __init__(self, path, regrade=(), everyone=False):
        """Open path; keep the rows of finished students (except those regraded)."""
        self.path = Path(path)
        self.lock = threading.Lock()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # One batch per CSV: a second one would interleave its rows.
        self.lock_file = open(self.path.with_name(self.path.name + ".lock"), "w")
        try:
            fcntl.flock(self.lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self.lock_file.close()
            raise ValueError(f"another grade-all is writing {self.path} (wait for it, or "
                             "stop it: it resumes where it stopped)")
        kept, self.finished = [], set()
        if self.path.is_file():
            with open(self.path, newline="", encoding="utf-8") as f:
                reader = csv.DictReader(f)
                if reader.fieldnames and reader.fieldnames != COLUMNS:
                    raise ValueError(f"{self.path} is not a grades CSV (its columns are "
                                     f"{','.join(reader.fieldnames)}): choose another OUT")
                rows = list(reader)
            done = {r["student"] for r in rows if r["exercise"] == TOTAL}
            self.finished = set() if everyone else done - set(regrade)
            kept = [r for r in rows if r["student"] in self.finished]
        partial = self.path.with_name(self.path.name + ".partial")
        with open(partial, "w", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(kept)
            f.flush()
            os.fsync(f.fileno())
        partial.replace(self.path)

    def close(self):
        """Let another batch write this CSV."""
        self.lock_file.close()

    def append(self, graded, possible):
        """The student's rows and total row, on the disk before this returns."""
        total = {"student": graded.student, "exercise": TOTAL, "points": graded.points,
                 "possible": possible, "reason": ""}
        with self.lock, open(self.path, "a", newline="", encoding="utf-8") as f:
            writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
            writer.writerows(graded.rows + [total])
            f.flush()
            os.fsync(f.fileno())
