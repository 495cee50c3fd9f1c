# simdevice.sh - a file-backed A/B device for the agent's shell tests and
# benches (sourced; not a test itself, so it lives outside tests/integration/).
#
#   simdevice_init DIR IMAGE   slot A holds IMAGE and is booted; slot B empty;
#                              a plain-file boot environment armed for A; DIR/state
#   simdevice_reset_env DIR    the boot environment back to "A booted, nothing pending"
#   simdevice_conf DIR TYPE [LINE]...
#                              DIR/agent.conf for that device (device type TYPE),
#                              each extra LINE ("key = value") appended
simdevice_reset_env() {
	printf 'vigil_slot=A\nupgrade_available=0\nbootcount=0\nbootlimit=1\n' >"$1/bootenv"
}

simdevice_init() {
	mkdir -p "$1/state"
	cp "$2" "$1/slot-a"
	: >"$1/slot-b"
	simdevice_reset_env "$1"
	echo "vigil.slot=A" >"$1/cmdline"
}

simdevice_conf() {
	local dir=$1 type=$2
	shift 2
	{
		echo "device_type = $type"
		echo "slot_a = $dir/slot-a"
		echo "slot_b = $dir/slot-b"
		echo "bootloader = file"
		echo "bootenv = $dir/bootenv"
		echo "cmdline = $dir/cmdline"
		echo "state_dir = $dir/state"
		[ $# -eq 0 ] || printf '%s\n' "$@"
	} >"$dir/agent.conf"
}
