"""simdevice.py - a simulated A/B device for testing vigil-agent.

Two slot files, a boot environment (plain file or GRUB environment block,
read and written here independently of libvigil, as a real bootloader
would), a kernel command line file, and a "bootloader" that applies the
U-Boot boot-count rules:

    if upgrade_available == 1:
        bootcount += 1
        if bootcount > bootlimit:        # altbootcmd
            vigil_slot = other slot; upgrade_available = 0; bootcount = 0
    boot vigil_slot  ->  cmdline "vigil.slot=X"

boot() refuses (BadBoot) to "run" a slot whose content is not one of the
complete images the test knows: that is the brick a half-written slot would
be.  Images listed as broken fail to boot (the bootloader resets and counts).
"""
import hashlib
import os

GRUB_HEADER = b"# GRUB Environment Block\n"


class BadBoot(Exception):
    pass


def read_env(path, backend):
    if not os.path.exists(path):
        return {}
    data = open(path, "rb").read()
    env = {}
    if backend == "grub":
        if len(data) != 1024 or not data.startswith(GRUB_HEADER):
            raise BadBoot("grubenv corrupt")
        body = data[len(GRUB_HEADER):]
        for line in body.split(b"\n"):
            if not line or line.startswith(b"#"):
                continue
            k, v = line.split(b"=", 1)
            env[k.decode()] = v.decode()
    else:
        for line in data.decode().splitlines():
            k, v = line.split("=", 1)
            env[k] = v
    return env


def write_env(path, backend, env):
    if backend == "grub":
        body = GRUB_HEADER + b"".join(("%s=%s\n" % kv).encode() for kv in env.items())
        data = body + b"#" * (1024 - len(body))
    else:
        data = "".join("%s=%s\n" % kv for kv in env.items()).encode()
    tmp = path + ".sim-tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


class Device:
    def __init__(self, root, backend, agent, images, broken=(), unhealthy=()):
        """images: {name: bytes}; the first one is installed in slot A."""
        self.root, self.backend, self.agent = root, backend, agent
        self.images = {hashlib.sha256(v).hexdigest(): k for k, v in images.items()}
        self.broken, self.unhealthy = set(broken), set(unhealthy)
        self.slot = [os.path.join(root, "slot-a.img"), os.path.join(root, "slot-b.img")]
        self.env = os.path.join(root, "grubenv" if backend == "grub" else "bootenv")
        self.cmdline = os.path.join(root, "cmdline")
        self.conf = os.path.join(root, "agent.conf")
        self.booted_file = os.path.join(root, "booted-image")
        first = next(iter(images.values()))
        open(self.slot[0], "wb").write(first)
        open(self.slot[1], "wb").close()
        write_env(self.env, backend, {"vigil_slot": "A", "upgrade_available": "0",
                                      "bootcount": "0", "bootlimit": "1"})
        self.boots = 0

    def write_conf(self, scripts_dir="", extra=""):
        health = 'test "$(cat %s)" != %s' % (self.booted_file, "x-none")
        if self.unhealthy:
            health = "! grep -qx \"$(cat %s)\" %s" % (self.booted_file, os.path.join(self.root, "unhealthy"))
            open(os.path.join(self.root, "unhealthy"), "w").write("\n".join(self.unhealthy) + "\n")
        open(self.conf, "w").write(
            "# simulated device\n"
            "device_type = sim\n"
            "slot_a = %s\nslot_b = %s\n"
            "bootloader = %s\nbootenv = %s\nbootlimit = 1\n"
            "cmdline = %s\nstate_dir = %s\n"
            "health_check = %s\nscripts_dir = %s\n"
            "script_retry_ms = 5\nallow_raw_images = yes\n%s"
            % (self.slot[0], self.slot[1], self.backend, self.env, self.cmdline,
               os.path.join(self.root, "state"), health, scripts_dir, extra))

    def slot_image(self, i):
        h = hashlib.sha256(open(self.slot[i], "rb").read()).hexdigest()
        return self.images.get(h)

    def boot(self):
        """Power on; returns (slot index, image name).  Raises BadBoot."""
        for _ in range(10):
            self.boots += 1
            env = read_env(self.env, self.backend)
            slot = "AB".index(env.get("vigil_slot", "A"))
            if env.get("upgrade_available") == "1":
                env["bootcount"] = str(int(env.get("bootcount", "0")) + 1)
                if int(env["bootcount"]) > int(env.get("bootlimit", "1")):
                    slot = 1 - slot
                    env.update(vigil_slot="AB"[slot], upgrade_available="0", bootcount="0")
                write_env(self.env, self.backend, env)
            image = self.slot_image(slot)
            if image is None:
                raise BadBoot("slot %s holds no complete image (half-written?)" % "AB"[slot])
            if image in self.broken:
                continue  # kernel panics; the watchdog resets the board
            open(self.cmdline, "w").write("root=/dev/sim vigil.slot=%s quiet\n" % "AB"[slot])
            open(self.booted_file, "w").write(image + "\n")
            return slot, image
        raise BadBoot("no bootable slot after 10 resets")

    def env_vars(self):
        return read_env(self.env, self.backend)
