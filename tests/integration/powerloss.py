"""powerloss.py - kill vigil-agent at every state transition and at random
byte offsets of the slot write, power-cycle the simulated device, run the
agent again, and check that the device always boots a complete image and
ends in a consistent state.

Usage: powerloss.py --agent PATH --trials N [--seed S] [--workdir DIR] [--vigil PATH]

Each trial: fresh device (slot A = v1), `vigil-agent install <new image>`,
then up to 12 rounds of [power cycle (sometimes: only restart the agent)] +
`vigil-agent resume`.  Exactly one agent process of the trial is killed with
SIGKILL (VG_AGENT_CRASH_AT, honoured by test builds), at event N of that
process or after byte N of the payload.  Scenarios: backend file|grub x new
image healthy | fails the health check | does not boot.

With --vigil (the CLI, to write signed artifacts), every other trial installs
a signed artifact with security version 2 on a device whose record holds the
anti-rollback ratchet 1, and after every agent process (killed or not) the
stored ratchet must be 1 or 2, and 2 only if the boot environment has made
the new slot permanent: never ahead of the committed slot.  At rest it must
be 2 exactly when the new image was committed.
Prints one summary line; exits 1 on any failed trial.
"""
import argparse
import os
import random
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from simdevice import BadBoot, Device  # noqa: E402

KILLED = -9
SCRIPTS = {
    "Download_Enter_00_log": "#!/bin/sh\necho Download_Enter >> \"$(dirname \"$0\")/../script.log\"\n",
    # Retry-later once, then succeed (Mender's exit 21).
    "ArtifactCommit_Enter_00_later": "#!/bin/sh\nm=\"$(dirname \"$0\")/../later\"\n"
                                     "[ -e \"$m\" ] && exit 0\ntouch \"$m\"; exit 21\n",
    "ArtifactFailure_Enter_00_log": "#!/bin/sh\necho Failure >> \"$(dirname \"$0\")/../script.log\"\n",
}


def make_images(rng):
    def img(tag, size):
        return tag.encode().ljust(16, b"\0") + rng.randbytes(size - 16)
    return {"v1": img("v1", 96 * 1024), "v2": img("v2", 160 * 1024 + 123),
            "v2bad": img("v2bad", 130 * 1024), "v2broken": img("v2broken", 100 * 1024)}


class Trial:
    def __init__(self, args, root, backend, scenario, images, crash, restart_only, artifacts=None):
        self.args, self.root = args, root
        self.crash = crash  # (process index, "event:N" | "byte:N") or None
        self.restart_only = restart_only
        new = {"healthy": "v2", "unhealthy": "v2bad", "broken": "v2broken"}[scenario]
        self.new = new
        os.makedirs(root)
        self.dev = Device(root, backend, args.agent, {"v1": images["v1"], new: images[new]},
                          broken=[new] if scenario == "broken" else [],
                          unhealthy=[new] if scenario == "unhealthy" else [])
        sdir = os.path.join(root, "scripts")
        os.makedirs(sdir)
        for name, body in SCRIPTS.items():
            p = os.path.join(sdir, name)
            open(p, "w").write(body)
            os.chmod(p, 0o755)
        self.image_path = os.path.join(root, new + ".img")
        open(self.image_path, "wb").write(images[new])
        self.sv_old = self.sv_new = 0
        extra = ""
        if artifacts:
            self.image_path = artifacts["dir"] + "/" + new + ".mender"
            self.sv_old, self.sv_new = 1, 2
            extra = "public_keys = %s\n" % artifacts["pub"]
            os.makedirs(os.path.join(root, "state"))
            open(os.path.join(root, "state", "state"), "w").write(
                "state=idle\ntarget=A\ncurrent=\nsecurity_version=%d\n" % self.sv_old)
        self.dev.write_conf(scripts_dir=sdir, extra=extra)
        self.procs = 0
        self.killed = False
        self.events = 0

    def agent(self, *cmd):
        env = dict(os.environ)
        env.pop("VG_AGENT_CRASH_AT", None)
        if self.crash and self.crash[0] == self.procs:
            env["VG_AGENT_CRASH_AT"] = self.crash[1]
        if self.args.trace:
            env["VG_AGENT_TRACE"] = "1"
        self.procs += 1
        p = subprocess.run([self.args.agent, "-c", self.dev.conf] + list(cmd), env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.events += p.stderr.count(": event ")
        self.check_ratchet()
        if p.returncode == KILLED:
            self.killed = True
        elif p.returncode not in (0, 1, 3, 4, 5, 10):  # 3-5: a failure handled by rolling back
            raise AssertionError("agent %s exited %d: %s" % (cmd, p.returncode, p.stderr.strip()))
        return p.returncode

    def stored_sv(self):
        for line in open(os.path.join(self.dev.root, "state", "state")):
            if line.startswith("security_version="):
                return int(line.split("=", 1)[1])
        return 0

    def check_ratchet(self):
        sv = self.stored_sv()
        if sv not in (self.sv_old, self.sv_new):
            raise AssertionError("stored security version %d, want %d or %d" % (sv, self.sv_old, self.sv_new))
        if sv != self.sv_old:
            env = self.dev.env_vars()
            slot = "AB".index(env.get("vigil_slot", "A"))
            if env.get("upgrade_available") != "0" or self.dev.slot_image(slot) != self.new:
                raise AssertionError("security version raised to %d before the new slot was committed (env %s)"
                                     % (sv, env))

    def status(self):
        out = subprocess.run([self.args.agent, "-c", self.dev.conf, "status"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, check=True).stdout
        return dict(line.split(": ", 1) for line in out.strip().splitlines())

    def run(self):
        """Returns the final image name; raises on a violated invariant."""
        _, running = self.dev.boot()
        rc = self.agent("install", self.image_path)
        for rnd in range(12):
            if rc not in (10, KILLED) and self.status()["state"] == "idle":
                break
            if not (rc == KILLED and self.restart_only):
                _, running = self.dev.boot()
            rc = self.agent("resume")
        else:
            raise AssertionError("no resting state after 12 rounds")
        # The resting state must survive another power cycle unchanged.
        slot, running = self.dev.boot()
        st = self.status()
        env = self.dev.env_vars()
        if st["state"] != "idle" or env.get("upgrade_available") != "0":
            raise AssertionError("not at rest: state %s, env %s" % (st["state"], env))
        if running not in ("v1", self.new):
            raise AssertionError("running %s" % running)
        if running != "v1" and self.new != "v2":
            raise AssertionError("a %s image was kept" % self.new)
        committed = st.get("current", "")
        if running == self.new and committed != self.new + ".img":
            raise AssertionError("running %s but agent says current=%r" % (running, committed))
        if running == "v1" and committed not in ("",):
            raise AssertionError("running v1 but agent says current=%r" % committed)
        if self.crash is None and self.new == "v2" and running != "v2":
            raise AssertionError("update without a crash did not commit")
        want_sv = self.sv_new if running == self.new else self.sv_old
        if self.stored_sv() != want_sv or st.get("security-version") != str(want_sv):
            raise AssertionError("at rest on %s: security version %d (status %s), want %d"
                                 % (running, self.stored_sv(), st.get("security-version"), want_sv))
        return running


def make_artifacts(args, base, images):
    """Signed artifacts (security version 2) of the new images, or None without --vigil."""
    if not args.vigil:
        return None
    d = os.path.join(base, "artifacts")
    os.makedirs(d)
    key, pub = os.path.join(d, "key.pem"), os.path.join(d, "pub.pem")
    subprocess.run([args.vigil, "key", "generate", "-o", key, "-p", pub], check=True, stdout=subprocess.DEVNULL)
    for name, data in images.items():
        img = os.path.join(d, name + ".img")
        open(img, "wb").write(data)
        subprocess.run([args.vigil, "artifact", "write", "rootfs-image", "-f", img, "-n", name + ".img",
                        "-t", "sim", "-o", os.path.join(d, name + ".mender"), "-k", key,
                        "--security-version", "2"], check=True)
    return {"dir": d, "pub": pub}


def count_events(args, base, backend, scenario, images, artifacts):
    """Events per agent process in an undisturbed run of this scenario."""
    t = Trial(args, os.path.join(base, "count-%s-%s" % (backend, scenario)), backend, scenario,
              images, None, False, artifacts)
    per_proc = []
    os.environ["VG_AGENT_TRACE"] = "1"
    try:
        orig = t.agent

        def counting(*cmd):
            before = t.events
            rc = orig(*cmd)
            per_proc.append(t.events - before)
            return rc
        t.agent = counting
        t.run()
    finally:
        del os.environ["VG_AGENT_TRACE"]
    return per_proc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--agent", required=True)
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--trace", action="store_true")
    ap.add_argument("--vigil", default=None, help="the vigil CLI: also test signed artifacts and the ratchet")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    images = make_images(rng)
    base = args.workdir or os.path.join(os.environ.get("VG_BUILD_DIR", "/tmp"), "tmp", "powerloss")
    shutil.rmtree(base, ignore_errors=True)
    os.makedirs(base)
    artifacts = make_artifacts(args, base, images)

    # Systematic part: every event of every process, each scenario and backend.
    plan = []
    for backend in ("file", "grub"):
        for scenario in ("healthy", "unhealthy", "broken"):
            per_proc = count_events(args, base, backend, scenario, images, artifacts)
            for proc, n in enumerate(per_proc):
                for ev in range(1, n + 1):
                    plan.append((backend, scenario, (proc, "event:%d" % ev)))
    systematic = len(plan)
    # Random part: byte offsets inside the payload write, and random events.
    nbytes = 0
    while len(plan) < args.trials or nbytes < 50:
        backend = rng.choice(("file", "grub"))
        scenario = rng.choice(("healthy", "healthy", "unhealthy", "broken"))
        if rng.random() < 0.6:
            size = len(images[{"healthy": "v2", "unhealthy": "v2bad", "broken": "v2broken"}[scenario]])
            plan.append((backend, scenario, (0, "byte:%d" % rng.randrange(1, size))))
            nbytes += 1
        else:
            plan.append((backend, scenario, (rng.randrange(0, 3), "event:%d" % rng.randrange(1, 30))))
    if len(plan) > args.trials and args.trials >= systematic + 50:
        plan = plan[:args.trials]

    failed = 0
    outcome = {"v1": 0, "new": 0}
    kills = 0
    signed_trials = 0
    for i, (backend, scenario, crash) in enumerate(plan):
        root = os.path.join(base, "t%05d" % i)
        signed = artifacts if i % 2 == 0 else None
        t = Trial(args, root, backend, scenario, images, crash, restart_only=(i % 3 == 0), artifacts=signed)
        try:
            final = t.run()
            outcome["v1" if final == "v1" else "new"] += 1
            kills += t.killed
            signed_trials += signed is not None
            shutil.rmtree(root)
        except (AssertionError, BadBoot) as e:
            failed += 1
            print("FAIL trial %d (%s, %s, crash %s): %s [kept %s]" % (i, backend, scenario, crash, e, root))
    print("POWERLOSS: %d trials (%d systematic transition kills, %d byte-offset kills; %d passed with signed "
          "artifacts and the ratchet checked), %d processes killed, %d failed; ended on old image %d, on new image %d"
          % (len(plan), systematic, nbytes, signed_trials, kills, failed, outcome["v1"], outcome["new"]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
