# The temporary directory of the lab checks that grade whole batches
# (tests/labs/redteam.sh, tests/labs/check.sh) and of tests/labs/intake.sh:
# in memory where the machine has one for everyone, /dev/shm (a tmpfs,
# world-writable and sticky like /tmp). Each graded submission is unpacked,
# copied and removed there, some 700 files apiece; on a disk that cost most
# of those checks' CPU (on an ext4 without a journal, every new inode is
# checked against the ones deleted in the last minutes, which a batch makes
# by the thousand). The grader does the same on either: only where its
# files live changes.
# A TMPDIR you set is kept; without /dev/shm (a chroot that did not mount
# it) the default stays.
# usage: . tests/labs/lib/tmpdir.sh
if [ -z "${TMPDIR:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ] && [ -k /dev/shm ] &&
	[ "$(stat -f -c %T /dev/shm 2> /dev/null)" = tmpfs ]; then
	TMPDIR=/dev/shm
	export TMPDIR
fi
