#!/usr/bin/env python3
"""gen-osv-corpus.py - a scale corpus of OSV advisories and an SBOM that hits it.

    bench/gen-osv-corpus.py [--count N] [--components M] [--seed S] TESTDATA_OSV OUTDIR

Reads the real OSV records under TESTDATA_OSV (golang-vulndb/data/osv,
pypa-advisory-database/vulns, almalinux/advisories) and writes, into OUTDIR:

  osv/Go/all.zip, osv/PyPI/all.zip, osv/AlmaLinux/all.zip
      N advisories (default 500,000) in osv.dev's dump layout: one zip per
      ecosystem, one pretty-printed JSON record (indent 2, as osv.dev
      publishes) per entry.  Record n is a copy of real record n % T (T real
      records, so the mix of ecosystems and shapes is the real one) in
      "round" r = n // T.  Each round renames consistently:
        - ids and aliases: the last run of digits d becomes "<r+1><d padded
          to 6>" (GO-2021-0159 -> GO-2021-1000159), GHSA ids a seeded hash;
          records that shared an alias in reality share its copy in a round,
          so aliases merge vulnerabilities as they do in the real data;
        - package names get a per-round tag (seeded): Go modules
          host/<tag>/rest (import paths follow), PyPI and AlmaLinux <tag>-name;
        - versions of SEMVER/ECOSYSTEM ranges and `versions` lists have their
          leading number (the epoch when there is one) raised by 1 + r % 10,
          which keeps every range ordered in SemVer, PEP 440 and RPM alike;
          "0" stays "0" and GIT commits are untouched.
  sbom.cdx.json
      a CycloneDX 1.6 SBOM of M components (default 10,000): about 7% have
      a version inside a range of some generated advisory (pkg:golang,
      pkg:pypi, pkg:rpm/almalinux/...?distro=almalinux-9 as AlmaLinux:9
      records name binary packages), about 60% are advisory packages at a
      version above every bound of every record naming them, the rest are
      names no advisory mentions.  Components are drawn uniformly from the
      corpus's packages (a renamed copy is another package), not from its
      advisories, so the few packages with hundreds of advisories are as
      rare in the SBOM as in a real system.
  corpus.json
      what was written: counts, uncompressed JSON bytes, zip bytes.

Deterministic for a given seed and input.  Standard library only.
The default 500,000 records are about 1.6 GB of JSON (about 130 MB zipped).
"""
import argparse
import glob
import hashlib
import json
import os
import random
import re
import sys
import time
import zipfile

SOURCES = [
    ("Go", "golang-vulndb/data/osv/*.json"),
    ("PyPI", "pypa-advisory-database/vulns/*/*.json"),
    ("AlmaLinux", "almalinux/advisories/*/*.json"),
]
GHSA_ALPHABET = "23456789cfghjmpqrvwx"
SLOT = re.compile(r"@@S(\d+)@@")
SAFE = re.compile(r'[^"\\\x00-\x1f\x7f-\U0010ffff]*')
ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def digest(*parts):
    return hashlib.blake2b(":".join(str(p) for p in parts).encode(), digest_size=16).digest()


class Renamer:
    """The per-round renaming of ids, names and versions."""

    def __init__(self, seed):
        self.seed = seed
        self.tags = {}
        self.memo_round, self.memo = None, {}

    def round_memo(self, r, eco):
        """A cache of this round's renamings in one ecosystem (a round reuses most)."""
        if r != self.memo_round:
            self.memo_round, self.memo = r, {}
        return self.memo.setdefault(eco, {})

    def tag(self, r):
        if r not in self.tags:
            self.tags[r] = "b%s%d" % (digest(self.seed, "tag", r).hex()[:3], r)
        return self.tags[r]

    def ident(self, orig, r):
        if orig.startswith("GHSA-"):
            h = digest(self.seed, orig, r)
            s = "".join(GHSA_ALPHABET[b % len(GHSA_ALPHABET)] for b in h[:12])
            return "GHSA-%s-%s-%s" % (s[0:4], s[4:8], s[8:12])
        m = None
        for m in re.finditer(r"\d+", orig):
            pass
        if not m:
            return "%s-%d" % (orig, r + 1)
        return "%s%d%06d%s" % (orig[:m.start()], r + 1, int(m.group()), orig[m.end():])

    def package(self, eco, name, r):
        t = self.tag(r)
        if eco != "Go":
            return "%s-%s" % (t, name)
        if "/" not in name:  # stdlib, toolchain
            return "example.com/%s/%s" % (t, name)
        host, rest = name.split("/", 1)
        return "%s/%s/%s" % (host, t, rest)

    def purl(self, eco, purl, r):
        m = re.search(r"[@?#]", purl)
        head, tail = (purl[:m.start()], purl[m.start():]) if m else (purl, "")
        if eco == "Go" and head.startswith("pkg:golang/"):
            return "pkg:golang/" + self.package(eco, head[11:], r) + tail
        namespace, _, name = head.rpartition("/")
        return "%s/%s-%s%s" % (namespace, self.tag(r), name, tail)

    @staticmethod
    def shift(version, k):
        if version == "0":
            return version
        m = re.match(r"\d+", version)
        if not m:
            return version
        return str(int(m.group()) + k) + version[m.end():]


def version_slots(affected):
    """Paths (container, key) of the version strings of an affected entry."""
    for rng in affected.get("ranges") or []:
        if rng.get("type") == "GIT":
            continue
        for event in rng.get("events") or []:
            for key in list(event):
                yield event, key
    versions = affected.get("versions") or []
    for i in range(len(versions)):
        yield versions, i


class Template:
    """A real record serialised once, with slots for what each round renames."""

    def __init__(self, eco, record):
        self.eco = eco
        self.slots = []  # (kind, original)
        self.affected = []  # per affected entry: (name slot, [(kind, version slot)], ranges)

        def slot(kind, value):
            self.slots.append((kind, value))
            return "@@S%d@@" % (len(self.slots) - 1)

        record["id"] = slot("id", record["id"])
        for key in ("aliases", "related"):
            record[key] = [slot("id", a) for a in record.get(key) or []] or record.get(key)
            if record[key] is None:
                del record[key]
        for affected in record.get("affected") or []:
            package = affected.get("package")
            if not package:
                continue
            name = package["name"]
            package["name"] = slot("name", name)
            name_slot = len(self.slots) - 1
            for imp in (affected.get("ecosystem_specific") or {}).get("imports") or []:
                path = imp.get("path", "")
                if path == name or path.startswith(name + "/"):
                    imp["path"] = slot("path:" + name, path)
            if package.get("purl"):
                package["purl"] = slot("purl", package["purl"])
            for container, key in version_slots(affected):
                container[key] = slot("version", container[key])
            self.affected.append((name_slot, package.get("ecosystem", eco), affected))
        text = json.dumps(record, indent=2, ensure_ascii=False)
        parts = SLOT.split(text)
        self.chunks = parts[0::2]
        self.order = [int(i) for i in parts[1::2]]
        self.id_slot = 0

    def values(self, renamer, r):
        k = 1 + r % 10
        memo = renamer.round_memo(r, self.eco)
        out = []
        for slot in self.slots:
            v = memo.get(slot)
            if v is None:
                kind, orig = slot
                if kind == "id":
                    v = renamer.ident(orig, r)
                elif kind == "name":
                    v = renamer.package(self.eco, orig, r)
                elif kind == "version":
                    v = renamer.shift(orig, k)
                elif kind == "purl":
                    v = renamer.purl(self.eco, orig, r)
                else:  # path:<module>: the module prefix renamed, the rest kept
                    module = kind[5:]
                    v = renamer.package(self.eco, module, r) + orig[len(module):]
                memo[slot] = v
            out.append(v)
        return out

    def render(self, values):
        esc = [v if SAFE.fullmatch(v) else json.dumps(v, ensure_ascii=False)[1:-1]
               for v in values]
        chunks = self.chunks
        pieces = [chunks[0]]
        for i, slot_index in enumerate(self.order, 1):
            pieces.append(esc[slot_index])
            pieces.append(chunks[i])
        pieces.append("\n")
        return "".join(pieces)


def load_templates(root):
    """Every real record once: AlmaLinux 9 and 10 share a few ids; the first counts."""
    templates, ids = [], set()
    for eco, pattern in SOURCES:
        files = sorted(glob.glob(os.path.join(root, pattern)))
        if not files:
            sys.exit("gen-osv-corpus: no records match %s under %s" % (pattern, root))
        for path in files:
            with open(path, encoding="utf-8") as f:
                record = json.load(f)
            if "@@S" in json.dumps(record) or record.get("id") in ids:
                continue
            ids.add(record.get("id"))
            templates.append(Template(eco, record))
    return templates


def decrement(version):
    m = re.match(r"\d+", version)
    return str(max(int(m.group()) - 1, 0)) + version[m.end():] if m else version


def ordered_ranges(template, affected):
    """The (kind, original version) events of each ordered range of an entry."""
    out = []
    for rng in affected.get("ranges") or []:
        if rng.get("type") == "GIT":
            continue
        events = []
        for event in rng.get("events") or []:
            for key, value in event.items():
                m = SLOT.fullmatch(value)
                events.append((key, template.slots[int(m.group(1))][1] if m else value))
        out.append(events)
    return out


def version_key(version):
    """(epoch, leading number) of a version, enough to find the highest bound."""
    epoch, _, rest = version.rpartition(":")
    m = re.match(r"\d+", rest)
    return (int(epoch) if epoch.isdigit() else 0, int(m.group()) if m else 0)


class Package:
    """A real package of the corpus: the templates that name it, in order."""

    def __init__(self, eco, ecosystem, name):
        self.eco, self.ecosystem, self.name = eco, ecosystem, name
        self.members = []  # (template index, ordered ranges with original versions)

    def present(self, limit):
        """The members whose copy exists in a round of `limit` templates."""
        return [m for m in self.members if m[0] < limit]


def real_packages(templates):
    packages = {}
    for i, t in enumerate(templates):
        for name_slot, ecosystem, affected in t.affected:
            ranges = ordered_ranges(t, affected)
            if not ranges:
                continue
            key = (t.eco, ecosystem, t.slots[name_slot][1])
            if key not in packages:
                packages[key] = Package(*key)
            packages[key].members.append((i, ranges))
    return list(packages.values())


def affected_version(ranges, k):
    """A version inside the first interval of the first ordered range, or None."""
    for events in ranges:
        if not events or events[0][0] != "introduced":
            continue
        first = events[0][1]
        if first != "0":
            return Renamer.shift(first, k)
        if len(events) > 1:
            kind, value = events[1]
            if kind == "fixed":
                return decrement(Renamer.shift(value, k))
            if kind == "last_affected":
                return Renamer.shift(value, k)
    return None


def unaffected_version(members, k):
    """A version above every bound of every record naming the package, or None."""
    top = max((version_key(Renamer.shift(v, k)) for _, ranges in members
               for events in ranges for _, v in events if v != "0"), default=None)
    if top is None:
        return None
    epoch, leading = top
    return ("%d:" % epoch if epoch else "") + "%d.0.0" % (leading + 1)


def purl_for(eco, ecosystem, name, version):
    if eco == "Go":
        return "pkg:golang/%s@v%s" % (name, version), "v" + version
    if eco == "PyPI":
        return "pkg:pypi/%s@%s" % (name.lower().replace("_", "-"), version), version
    release = ecosystem.split(":", 1)[1] if ":" in ecosystem else "9"
    epoch, _, evr = version.rpartition(":")
    qualifiers = "arch=x86_64&distro=almalinux-%s" % release
    if epoch:
        qualifiers = "arch=x86_64&distro=almalinux-%s&epoch=%s" % (release, epoch)
    return "pkg:rpm/almalinux/%s@%s?%s" % (name, evr, qualifiers), version


def write_sbom(path, rng, templates, renamer, count, components, seed):
    """Components drawn uniformly from the corpus's packages (a package of
    each round is one package), not from its advisories: drawing advisories
    would fill the SBOM with copies of the few packages that have hundreds of
    them (TensorFlow, Mattermost), which no real system has."""
    T = len(templates)
    population = []
    for p in real_packages(templates):
        if p.eco == "AlmaLinux" and not p.ecosystem.endswith(":9"):
            continue  # one distro release per SBOM, as on a real system
        for r in range((count + T - 1) // T):
            if p.present(count - r * T):
                population.append((r, p))
    n_affected = int(components * 0.07)
    n_known = int(components * 0.60)
    rng.shuffle(population)
    out, seen = [], set()
    wanted = {"affected": n_affected, "known": n_known}
    made = {"affected": 0, "known": 0}
    for r, p in population:
        role = "affected" if made["affected"] < wanted["affected"] else "known"
        if made[role] == wanted[role]:
            break
        members = p.present(count - r * T)
        k = 1 + r % 10
        version = (affected_version(members[0][1], k) if role == "affected"
                   else unaffected_version(members, k))
        if not version:
            continue
        name = renamer.package(p.eco, p.name, r)
        purl, shown = purl_for(p.eco, p.ecosystem, name, version)
        if purl in seen:
            continue
        seen.add(purl)
        out.append((name, shown, purl))
        made[role] += 1
    ecos = ["Go", "PyPI", "AlmaLinux"]
    i = 0
    while len(out) < components:
        eco = ecos[i % 3]
        name = "u%s-unlisted-%d" % (digest(seed, "unknown", i).hex()[:6], i)
        if eco == "Go":
            name = "github.com/unlisted/" + name
        version = "%d.%d.%d" % (1 + i % 7, i % 13, i % 5)
        if eco == "AlmaLinux":
            version += "-1.el9"
        purl, shown = purl_for(eco, "AlmaLinux:9", name, version)
        if purl not in seen:
            seen.add(purl)
            out.append((name, shown, purl))
        i += 1
    rng.shuffle(out)
    doc = {
        "bomFormat": "CycloneDX",
        "specVersion": "1.6",
        "serialNumber": "urn:uuid:%s" % _uuid(digest(seed, "serial")),
        "version": 1,
        "metadata": {
            "timestamp": "2024-01-01T00:00:00Z",
            "component": {"type": "application", "bom-ref": "bench-app",
                          "name": "bench-app", "version": "1.0.0"},
        },
        "components": [
            {"type": "library", "bom-ref": "c%d" % i, "name": name, "version": version,
             "purl": purl}
            for i, (name, version, purl) in enumerate(out)
        ],
    }
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    return made["affected"], made["known"]


def _uuid(b):
    h = bytearray(b)
    h[6] = (h[6] & 0x0F) | 0x40
    h[8] = (h[8] & 0x3F) | 0x80
    x = h.hex()
    return "%s-%s-%s-%s-%s" % (x[:8], x[8:12], x[12:16], x[16:20], x[20:])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=500000)
    ap.add_argument("--components", type=int, default=10000)
    ap.add_argument("--seed", default="1")
    ap.add_argument("--sbom-only", action="store_true",
                    help="rewrite only OUTDIR/sbom.cdx.json of a corpus an earlier run wrote")
    ap.add_argument("testdata")
    ap.add_argument("outdir")
    a = ap.parse_args()
    start = time.monotonic()
    templates = load_templates(a.testdata)
    renamer = Renamer(a.seed)
    rng = random.Random("gen-osv-corpus:" + a.seed)
    if a.sbom_only:
        path = os.path.join(a.outdir, "sbom.cdx.json")
        n_affected, n_known = write_sbom(path + ".tmp", rng, templates, renamer, a.count,
                                         a.components, a.seed)
        os.rename(path + ".tmp", path)
        print("gen-osv-corpus: %s: %d components, %d in range, %d known unaffected"
              % (path, a.components, n_affected, n_known))
        return
    zips, json_bytes, counts = {}, {}, {}
    tmp = a.outdir + ".tmp"
    os.makedirs(tmp, exist_ok=True)
    for eco, _ in SOURCES:
        os.makedirs(os.path.join(tmp, "osv", eco), exist_ok=True)
        zips[eco] = zipfile.ZipFile(os.path.join(tmp, "osv", eco, "all.zip"), "w",
                                    zipfile.ZIP_DEFLATED, compresslevel=1)
        json_bytes[eco] = counts[eco] = 0
    for n in range(a.count):
        t = templates[n % len(templates)]
        r = n // len(templates)
        values = t.values(renamer, r)
        data = t.render(values).encode("utf-8")
        info = zipfile.ZipInfo(values[t.id_slot] + ".json", ZIP_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        zips[t.eco].writestr(info, data, compresslevel=1)
        json_bytes[t.eco] += len(data)
        counts[t.eco] += 1
    for z in zips.values():
        z.close()
    n_affected, n_known = write_sbom(os.path.join(tmp, "sbom.cdx.json"), rng, templates,
                                     renamer, a.count, a.components, a.seed)
    summary = {
        "seed": a.seed, "records": a.count, "templates": len(templates),
        "records_per_ecosystem": counts,
        "json_bytes": sum(json_bytes.values()), "json_bytes_per_ecosystem": json_bytes,
        "zip_bytes": sum(os.path.getsize(os.path.join(tmp, "osv", e, "all.zip")) for e in zips),
        "components": a.components, "components_in_range": n_affected,
        "components_known_unaffected": n_known,
        "seconds": round(time.monotonic() - start, 1),
    }
    with open(os.path.join(tmp, "corpus.json"), "w") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")
    if os.path.exists(a.outdir):
        import shutil
        shutil.rmtree(a.outdir)
    os.rename(tmp, a.outdir)
    print("gen-osv-corpus: %d records (%.0f MB JSON, %.0f MB zipped), %d components, %.1f s"
          % (a.count, summary["json_bytes"] / 1e6, summary["zip_bytes"] / 1e6, a.components,
             summary["seconds"]))


if __name__ == "__main__":
    main()
