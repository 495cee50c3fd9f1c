#!/usr/bin/env python3
"""naive-osv.py - the naive peers bench/vulndb.sh measures vigil against.

    naive-osv.py import DB ZIP...     a straightforward importer in Python:
        zipfile + json.loads of every record, then in one SQLite transaction
        one row per record (id, modified, summary, details), per alias and per
        affected package (ecosystem, name, ranges as JSON, versions as JSON),
        with the same look-up indexes vigil keeps (alias name, package).
        No checking, no merging, no incremental logic: less work than vigil.
    naive-osv.py scan DB SBOM         a straightforward scanner in Python over
        the database `import` wrote: for each SBOM component, every affected
        row of its package, each range walked with a simple version
        comparison (numeric runs compared as numbers, the rest as text).
        Prints the number of (advisory, component) matches.

Standard library only.
"""
import json
import re
import sqlite3
import sys
import zipfile


def do_import(db_path, zips):
    db = sqlite3.connect(db_path)
    db.executescript(
        "CREATE TABLE record (id TEXT PRIMARY KEY, modified TEXT, summary TEXT, details TEXT);"
        "CREATE TABLE alias (name TEXT, record TEXT);"
        "CREATE INDEX alias_name ON alias(name);"
        "CREATE TABLE affected (record TEXT, ecosystem TEXT, name TEXT, ranges TEXT, versions TEXT);"
        "CREATE INDEX affected_package ON affected(ecosystem, name);")
    with db:
        for path in zips:
            with zipfile.ZipFile(path) as z:
                for entry in z.infolist():
                    r = json.loads(z.read(entry))
                    db.execute("INSERT OR REPLACE INTO record VALUES (?, ?, ?, ?)",
                               (r["id"], r.get("modified"), r.get("summary"), r.get("details")))
                    db.executemany("INSERT INTO alias VALUES (?, ?)",
                                   [(a, r["id"]) for a in [r["id"]] + r.get("aliases", [])])
                    db.executemany(
                        "INSERT INTO affected VALUES (?, ?, ?, ?, ?)",
                        [(r["id"], a.get("package", {}).get("ecosystem", ""),
                          a.get("package", {}).get("name", ""),
                          json.dumps(a.get("ranges", [])), json.dumps(a.get("versions", [])))
                         for a in r.get("affected", [])])
    db.close()


def key(version):
    return [(0, int(p), "") if p.isdigit() else (1, 0, p)
            for p in re.findall(r"\d+|[A-Za-z]+", version)]


def in_range(version, events):
    v, hit = key(version), False
    for e in events:
        kind, bound = next(iter(e.items()))
        if kind == "introduced":
            hit = bound == "0" or v >= key(bound)
        elif kind == "fixed" and hit and v >= key(bound):
            hit = False
        elif kind == "last_affected" and hit and v > key(bound):
            hit = False
    return hit


def component_package(purl):
    """(ecosystem, name, version) of a pkg:golang, pkg:pypi or AlmaLinux pkg:rpm purl."""
    m = re.match(r"pkg:([a-z]+)/([^@?#]+)@([^?#]+)(?:\?([^#]*))?", purl)
    if not m:
        return None
    kind, path, version, qual = m.groups()
    q = dict(p.split("=", 1) for p in (qual or "").split("&") if "=" in p)
    if kind == "golang":
        return "Go", path, version.lstrip("v")
    if kind == "pypi":
        return "PyPI", path, version
    if kind == "rpm" and q.get("distro", "").startswith("almalinux-"):
        epoch = q.get("epoch")
        return ("AlmaLinux:" + q["distro"].split("-", 1)[1], path.split("/", 1)[1],
                "%s:%s" % (epoch, version) if epoch else version)
    return None


def do_scan(db_path, sbom_path):
    db = sqlite3.connect("file:%s?mode=ro" % db_path, uri=True)
    with open(sbom_path, encoding="utf-8") as f:
        sbom = json.load(f)
    matches = 0
    for c in sbom.get("components", []):
        pkg = component_package(c.get("purl", ""))
        if not pkg:
            continue
        eco, name, version = pkg
        for ranges, versions in db.execute(
                "SELECT ranges, versions FROM affected WHERE ecosystem = ? AND name = ?",
                (eco, name)):
            if version in json.loads(versions) or any(
                    r.get("type") != "GIT" and in_range(version, r.get("events", []))
                    for r in json.loads(ranges)):
                matches += 1
    print(matches)


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "import":
        do_import(sys.argv[2], sys.argv[3:])
    elif len(sys.argv) == 4 and sys.argv[1] == "scan":
        do_scan(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
