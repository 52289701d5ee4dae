#!/bin/sh
# Runs COMMAND in the clone /src of the bare root ROOT, as USER, with the
# environment a fresh login there has (nothing leaks in from this machine).
#
# Called through `unshare --mount --pid --kill-child`: the mounts made here
# (/proc, /sys, /dev, apt's download cache) live in this private mount
# namespace and vanish with it, and every process started here dies with it.
#
# ENTER picks how the root is entered:
#   pivot (default)  pivot_root, then chroot into the new root: the process
#                    is not "chrooted" in the kernel's eyes, so it may create
#                    user namespaces and the labs' sandbox uses bubblewrap,
#                    as on a real machine;
#   chroot           a plain chroot, as a user who follows a chroot guide
#                    would: the kernel refuses user namespaces to a chrooted
#                    process (as Docker's default seccomp profile does), so
#                    the labs' sandbox falls back to setpriv.
#
# usage: unshare --mount --pid --kill-child sh tests/distros/enter.sh ROOT APT_CACHE USER COMMAND
set -eu
root=$1
apt_cache=$2
user=$3
command=$4

mount --make-rprivate /
mount --bind "$root" "$root"
mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --rbind /dev "$root/dev"
mount --bind "$apt_cache" "$root/var/cache/apt/archives"
# The labs' sandbox, in its setpriv mode, runs each submission as a uid of
# its own, held with a lock file in /run/writing-an-os-sandbox, and kills
# every process of that uid after the run. The root's processes are this
# machine's: without the machine's locks, a grader out here (another make
# test) and one in the root take the same uid, and each kills the other's
# runs. So the root shares the machine's lock folder.
locks=/run/writing-an-os-sandbox
if [ -d "$locks" ]; then
	mkdir -p "$root$locks"
	mount --bind "$locks" "$root$locks"
fi
cd "$root"
case ${ENTER:-pivot} in
pivot)
	mkdir -p .host
	pivot_root . .host
	cd /
	umount -l /.host
	rmdir /.host
	root=/
	;;
chroot) ;;
*)
	echo "enter.sh: ENTER=$ENTER: use pivot or chroot" >&2
	exit 2
	;;
esac

home=/root
[ "$user" = root ] || home=/home/$user
exec chroot --userspec="$user:$user" "$root" /usr/bin/env -i \
	HOME="$home" USER="$user" LANG=C.UTF-8 TERM=xterm-256color \
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	sh -c "cd /src && $command"
