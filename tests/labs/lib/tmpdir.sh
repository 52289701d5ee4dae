# The temporary directory of the lab checks that grade whole batches
# (tests/labs/redteam.sh, tests/labs/check.sh) and of tests/labs/intake.sh:
# in memory where the machine has one for everyone, /dev/shm (a tmpfs,
# world-writable and sticky like /tmp). Each graded submission is unpacked,
# copied and removed there, some 700 files apiece; on a disk that cost most
# of those checks' CPU (on an ext4 without a journal, every new inode is
# checked against the ones deleted in the last minutes, which a batch makes
# by the thousand). The grader does the same on either: only where its
# files live changes.
# A TMPDIR you set is kept, and so is the default where /dev/shm will not
# do: not mounted (a chroot), mounted noexec (Docker's: the host labs' test
# programs run from TMPDIR), or smaller than SHM_NEEDED (Docker's is 64 MB).
# usage: . tests/labs/lib/tmpdir.sh
SHM_NEEDED=1048576      # KiB free (the red-team suite peaked at 65 MB, sampled)

shm_will_do() {
	[ -d /dev/shm ] && [ -w /dev/shm ] && [ -k /dev/shm ] || return 1
	# The last mount on /dev/shm is the one in use.
	options=$(awk '$2 == "/dev/shm" { o = ($3 == "tmpfs") ? $4 : "" } END { print o }' \
		/proc/mounts 2> /dev/null)
	case ",$options," in
	,,|*,noexec,*) return 1 ;;
	esac
	free=$(df -Pk /dev/shm 2> /dev/null | awk 'NR == 2 { print $4 }')
	[ "${free:-0}" -ge "$SHM_NEEDED" ]
}

if [ -z "${TMPDIR:-}" ] && shm_will_do; then
	TMPDIR=/dev/shm
	export TMPDIR
fi
