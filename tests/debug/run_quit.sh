#!/bin/sh
# The way out of `make lesson N run`'s terminal screen, typed as a person
# types it: tools/qemu_run.sh runs lesson 02 in a tmux pane with no
# graphical display, and each key is its own `tmux send-keys`, a quarter of
# a second apart. Ctrl+A, C must show QEMU's monitor, Ctrl+A, C again the
# kernel's screen, and Ctrl+A, X must end QEMU and the script.
# usage: tests/debug/run_quit.sh BUILD_DIR    (exit 0: passed)
set -u
build=${1:-build/gcc}
iso=$build/02-minimal-kernel/kernel.iso
[ -f "$iso" ] || { echo "image not built: $iso"; exit 1; }
command -v tmux > /dev/null || { echo "tmux is not installed (tools/require.sh test)"; exit 1; }
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
# A tmux server of our own, so nothing of the person's tmux is touched.
tmux="tmux -L run-quit-$$"
trap '$tmux kill-server 2> /dev/null; rm -rf "$work"' EXIT
# A copy of the ISO: the serial log is written beside it.
cp "$iso" "$work/kernel.iso"

$tmux new-session -d -x 100 -y 30 -s run \
	"cd $repo && env -u DISPLAY -u WAYLAND_DISPLAY sh tools/qemu_run.sh 02-minimal-kernel \
	$work/kernel.iso; echo run-exited-with-\$?; sleep 600" ||
	{ echo "tmux could not start"; exit 1; }

screen=""
# wait_for TEXT WHAT: until the pane shows TEXT (at most a minute: QEMU may
# start slowly on a loaded machine, and the verdict must not depend on it).
wait_for() {
	i=0
	while [ $i -lt 240 ]; do
		screen=$($tmux capture-pane -p -t run 2> /dev/null)
		case $screen in *"$1"*) return 0 ;; esac
		sleep 0.25
		i=$((i + 1))
	done
	echo "FAILED: $2: the pane never showed '$1'. It showed:"
	echo "$screen" | grep -v '^ *$'
	exit 1
}

# key KEY...: press each key on its own, with a person's pause after it.
key() {
	for k in "$@"; do
		$tmux send-keys -t run "$k"
		sleep 0.25
	done
}

wait_for "Hello World!" "lesson 02 did not come up in the terminal"
key C-a c
wait_for "(qemu)" "Ctrl+A, then C did not show QEMU's monitor"
key C-a c
wait_for "Hello World!" "Ctrl+A, then C did not go back to the kernel's screen"
key C-a x
wait_for "run-exited-with-0" "Ctrl+A, then X did not end QEMU and tools/qemu_run.sh"
case $screen in
*"QEMU stopped."*) ;;
*)
	echo "FAILED: tools/qemu_run.sh did not say 'QEMU stopped.':"
	echo "$screen" | grep -v '^ *$'
	exit 1
	;;
esac
echo "Ctrl+A, C showed the monitor and back; Ctrl+A, X quit."
