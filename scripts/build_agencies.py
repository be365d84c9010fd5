#!/usr/bin/env python3
"""Rebuild the shipped agencies.csv from the public-domain NCES files in ../shared/data.

Reproducible on purpose: the same input files give a byte-identical agencies.csv (rows sorted by id,
``\\n`` line endings, UTF-8 without BOM, csv-module quoting), so a diff of agencies.csv in review is
exactly a change in the sources or in these rules. Standard library only, so it runs without the venv:

    python3 scripts/build_agencies.py [--data DIR] [--out FILE]

The rules (kind map, placeholders, phones, ZIPs, URLs, which IPEDS rows are kept) are documented in
docs/reference/agencies.md; keep the two in step.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO.parent / "shared" / "data"
DEFAULT_OUT = REPO / "agencies.csv"

CCD_FILE = "nces_ccd_lea_2425_us_districts.csv"
NY_FILE = "ny_school_districts_nces_derived.csv"
IPEDS_FILE = "ipeds_hd2024.csv"

COLUMNS = (
    "id", "name", "kind", "jurisdiction", "public", "records_officer", "email", "address", "city",
    "state", "zip", "county", "phone", "website", "portal_url", "source", "notes",
    "beds_code", "aliases",
)  # fmt: skip

CCD_SOURCE = "NCES CCD LEA 2024-25 (ccd_lea_029_2425_w_1a_073025)"
BEDS_SOURCE = "BEDS code and county: NCES CCD school file"
IPEDS_SOURCE = "IPEDS HD2024"

# CCD LEA_TYPE_TEXT -> foilbot kind. Every value in the 2024-25 file is listed; an unknown one stops
# the build so that a new NCES category gets a conscious decision. "Service agency" is a BOCES in
# New York (Education Law § 1950) and keeps the generic name elsewhere (ESCs, ESDs, IUs, ...).
CCD_KINDS = {
    "Regular public school district that is not a component of a supervisory union": "school_district",
    "Regular public school district that is a component of a supervisory union": "school_district",
    "Specialized public school district": "school_district",
    "Supervisory union": "supervisory_union",
    "Service agency": "education_service_agency",
    "Independent charter district": "charter_school",
    "State operated agency": "state_operated_agency",
    "Federal operated agency": "federal_school_agency",
    "Other local education agency": "other_education_agency",
}

# IPEDS SECTOR codes (HD2024 dictionary).
SECTORS = {
    "0": "Administrative Unit",
    "1": "Public, 4-year or above",
    "2": "Private not-for-profit, 4-year or above",
    "3": "Private for-profit, 4-year or above",
    "4": "Public, 2-year",
    "5": "Private not-for-profit, 2-year",
    "6": "Private for-profit, 2-year",
    "7": "Public, less-than 2-year",
    "8": "Private not-for-profit, less-than 2-year",
    "9": "Private for-profit, less-than 2-year",
    "99": "Sector unknown (not active)",
}

# IPEDS CONTROL: 1 public; 2 private not-for-profit; 3 private for-profit. -3 ("not available") occurs
# only on inactive rows, which are left out; an active one stops the build (no guessing).
PUBLIC_BY_CONTROL = {"1": "true", "2": "false", "3": "false"}

# Public institutions run by a federal department: their records fall under the federal FOIA
# (5 U.S.C. § 552), not the law of the state they stand in, so their jurisdiction is US.
FEDERAL_INSTITUTIONS = {
    "119678": "Department of the Navy",  # Naval Postgraduate School
    "128328": "Department of the Air Force",  # United States Air Force Academy
    "130624": "U.S. Coast Guard, Department of Homeland Security",  # Coast Guard Academy
    "155140": "Bureau of Indian Education, Department of the Interior",  # Haskell Indian Nations Univ.
    "164155": "Department of the Navy",  # United States Naval Academy
    "188216": "Bureau of Indian Education, Department of the Interior",  # SIPI
    "197027": "Maritime Administration, Department of Transportation",  # Merchant Marine Academy
    "197036": "Department of the Army",  # United States Military Academy
    "200697": "Department of the Air Force",  # Air Force Institute of Technology
}
FREELY_ASSOCIATED = {"FM", "MH", "PW"}  # sovereign states: no US public-records law applies

CURATED = (
    {
        "id": "nys-education-department",
        "name": "New York State Education Department",
        "kind": "state_agency",
        "jurisdiction": "NY",
        "public": "true",
        "address": "89 Washington Avenue",
        "city": "Albany",
        "state": "NY",
        "zip": "12234",
        "source": "Curated (foilbot issue 2); address as published on NYSED's FOIL page (nysed.gov)",
        "notes": "State education agency; FOIL applies (N.Y. Pub. Off. Law §§ 84-90). "
        "Check NYSED's FOIL page for its Records Access Officer before filing.",
    },
    {
        "id": "us-department-of-education",
        "name": "U.S. Department of Education",
        "kind": "federal_agency",
        "jurisdiction": "US",
        "public": "true",
        "address": "400 Maryland Avenue SW",
        "city": "Washington",
        "state": "DC",
        "zip": "20202",
        "source": "Curated (foilbot issue 2); headquarters address as published by the department (ed.gov)",
        "notes": "Federal FOIA applies (5 U.S.C. § 552). Headquarters address; "
        "check ed.gov for the FOIA Service Center's current address before filing.",
    },
)

PLACEHOLDERS = {"-1", "-2", "-3", "M", "N"}  # CCD/IPEDS "missing", "not applicable", "not available"
_HOST_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_HOST_RE = re.compile(rf"^{_HOST_LABEL}(?:\.{_HOST_LABEL})*\.[A-Za-z]{{2,}}\.?$")
_ZIP_RE = re.compile(r"^\d{5}(-\d{4})?$")
_DATE_RE = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")


class BuildError(Exception):
    """The source files hold something these rules do not cover; fix the rules, do not guess."""


def clean(value: str | None) -> str:
    """Source cell -> text: outer spaces stripped, CCD/IPEDS placeholders and blanks -> ''."""
    text = (value or "").strip()
    return "" if text in PLACEHOLDERS else text


def spaces(value: str) -> str:
    """Runs of spaces inside an address, city or county -> one (names keep the source's spacing)."""
    return " ".join(value.split())


def phone(value: str) -> str:
    """(NNN) NNN-NNNN when the source gives exactly 10 digits, else the source text unchanged."""
    digits = re.sub(r"\D", "", value)
    if len(digits) == 10:
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return value


def zip_code(value: str) -> tuple[str, str]:
    """(ZIP, note): 12345 or 12345-6789 (9 bare digits get the hyphen); anything else is left out."""
    if re.fullmatch(r"\d{9}", value):
        value = f"{value[:5]}-{value[5:]}"
    if not value or _ZIP_RE.match(value):
        return value, ""
    return "", f"ZIP as given is not a ZIP code: {value!r}"


def website(value: str, field: str) -> tuple[str, str]:
    """(URL, note). Adds https:// when there is no scheme; keeps only a valid http(s) URL.

    Several source cells are not one web address: two addresses ("x.org and y.org"), an address with
    a remark after it, an email address, a street address, "N/A". The first address is kept when it
    is a valid URL on its own; otherwise the website is left empty. Either way the note quotes the
    source text so nothing is lost.
    """
    if not value:
        return "", ""
    original = value
    head, hash_, fragment = value.partition("#")
    if hash_ and re.search(r"\s", fragment):
        value = head  # a fragment never reaches the server; its spaces would only break the URL
    value = value.split()[0] if value.split() else ""
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", value):
        value = "https://" + value
    try:
        parts = urlsplit(value)
        host_ok = (
            parts.scheme.lower() in ("http", "https")
            and "@" not in parts.netloc
            and bool(_HOST_RE.match(parts.hostname or ""))
        )
        _ = parts.port  # raises ValueError on a bad port
    except ValueError:
        host_ok = False
    if not host_ok:
        return "", f"{field} as given is not a web address, left out: {original!r}"
    if value not in (original, "https://" + original):
        return value, f"{field} as given: {original!r}"
    return value, ""


def read_csv(path: Path) -> Iterator[dict[str, str]]:
    """Every row of a source CSV as text (so LEAIDs and ZIPs keep their leading zeros)."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            yield from csv.DictReader(handle)
    except FileNotFoundError:
        raise BuildError(f"{path}: not found (see docs/reference/agencies.md for the sources)") from None


def join_notes(parts: Iterable[str]) -> str:
    return "; ".join(p for p in parts if p)


def ny_enrichment(data: Path) -> dict[str, dict[str, str]]:
    """NCES LEAID -> {beds_code, county, county_source} for every New York LEA."""
    out: dict[str, dict[str, str]] = {}
    for row in read_csv(data / NY_FILE):
        out[row["nces_leaid"].strip()] = {
            "beds_code": clean(row["beds_code"]),
            "county": clean(row["county"]),
            "county_source": clean(row["county_source"]),
        }
    return out


def ccd_rows(data: Path) -> Iterator[dict[str, str]]:
    """One row per LEA of the 2024-25 CCD directory, all states and territories."""
    ny = ny_enrichment(data)
    seen_ny: set[str] = set()
    for src in read_csv(data / CCD_FILE):
        leaid = src["NCES_ID"].strip()
        if not re.fullmatch(r"\d{7}", leaid):
            raise BuildError(f"{CCD_FILE}: NCES_ID {leaid!r} is not a 7-digit LEAID")
        ccd_type = clean(src["Type"])
        if ccd_type not in CCD_KINDS:
            raise BuildError(f"{CCD_FILE}: LEA {leaid}: unknown Type {ccd_type!r}; add it to CCD_KINDS")
        sea, mail_state = clean(src["State"]), clean(src["StateAbbr"])
        kind = CCD_KINDS[ccd_type]
        if kind == "education_service_agency" and sea == "NY":
            kind = "boces"
        notes = [f"CCD type: {ccd_type}"]
        low, high = clean(src["LowestGrade"]), clean(src["HighestGrade"])
        if low and high:
            notes.append(f"grades {low}-{high}")
        if sea == "BI":
            # The Bureau of Indian Education reports these schools as their state agency. State law does
            # not reach a federal or tribal school: BIE-operated schools are under the federal FOIA;
            # tribally controlled (grant) schools may be under neither.
            jurisdiction = "US"
            notes.append(
                f"Bureau of Indian Education school in {mail_state}: federal FOIA reaches BIE records; "
                "a tribally controlled school may be under neither FOIA nor state law - verify"
            )
        else:
            jurisdiction = sea
            if sea != mail_state:
                notes.append(f"reported by the {sea} state education agency; mailing address in {mail_state}")
        if kind == "federal_school_agency":
            notes.append("federally operated: the federal FOIA may apply instead of state law - verify")
        zip_value, zip_note = zip_code(clean(src["Zip"]))
        url, url_note = website(clean(src["Website"]), "CCD website")
        row = {
            "id": f"nces-{leaid}",
            "name": clean(src["DistrictName"]),
            "kind": kind,
            "jurisdiction": jurisdiction,
            "public": "true",
            "address": spaces(clean(src["Address"])),
            "city": spaces(clean(src["City"])),
            "state": mail_state,
            "zip": zip_value,
            "phone": phone(clean(src["Phone"])),
            "website": url,
            "source": CCD_SOURCE,
        }
        extra = ny.get(leaid) if sea == "NY" else None
        if sea == "NY":
            if extra is None:
                raise BuildError(f"{NY_FILE}: no row for New York LEA {leaid}")
            seen_ny.add(leaid)
            row["beds_code"], row["county"] = extra["beds_code"], extra["county"]
            if extra["beds_code"] and extra["county_source"] == "beds_prefix":
                row["source"] = f"{CCD_SOURCE}; {BEDS_SOURCE}"
            elif extra["beds_code"]:
                # NYC District 75 (BEDS county code 30, city-wide): the county its schools are most in.
                row["source"] = (
                    f"{CCD_SOURCE}; BEDS code: NCES CCD school file; "
                    "county: the most common county of its schools in the NCES CCD school file"
                )
                notes.append("serves all five NYC boroughs; county is where most of its schools are")
            else:
                notes.append("no BEDS code: not in the NCES CCD school file")
        notes.extend([zip_note, url_note])
        row["notes"] = join_notes(notes)
        yield row
    missing = set(ny) - seen_ny
    if missing:
        raise BuildError(f"{NY_FILE}: LEAIDs not in {CCD_FILE} as New York LEAs: {sorted(missing)}")


def ipeds_rows(data: Path, skipped: Counter[str]) -> Iterator[dict[str, str]]:
    """One row per active IPEDS HD2024 institution (CYACTIVE = 1); counts the rest in `skipped`."""
    for src in read_csv(data / IPEDS_FILE):
        unitid = src["UNITID"].strip()
        if not re.fullmatch(r"\d{6}", unitid):
            raise BuildError(f"{IPEDS_FILE}: UNITID {unitid!r} is not 6 digits")
        if clean(src["CYACTIVE"]) != "1":
            skipped["IPEDS institutions not active in 2024-25 (CYACTIVE != 1)"] += 1
            continue
        control = src["CONTROL"].strip()
        if control not in PUBLIC_BY_CONTROL:
            raise BuildError(f"{IPEDS_FILE}: active UNITID {unitid} has CONTROL {control!r}")
        sector = clean(src["SECTOR"])
        notes = [f"sector: {SECTORS.get(sector, sector)}"]
        system = clean(src["F1SYSNAM"])
        if system:
            notes.append(f"system: {system}")
        closed = clean(src["CLOSEDAT"])
        if closed:
            m = _DATE_RE.match(closed)
            notes.append(f"closed {m.group(3)}-{m.group(1)}-{m.group(2)}" if m else f"closed {closed}")
        state = clean(src["STABBR"])
        jurisdiction = state
        if unitid in FEDERAL_INSTITUTIONS:
            jurisdiction = "US"
            notes.append(f"federal institution ({FEDERAL_INSTITUTIONS[unitid]}): federal FOIA applies")
        elif state in FREELY_ASSOCIATED:
            notes.append("in a freely associated state: no US public-records law applies - verify")
        zip_value, zip_note = zip_code(clean(src["ZIP"]))
        url, url_note = website(clean(src["WEBADDR"]), "IPEDS WEBADDR")
        notes.extend([zip_note, url_note])
        yield {
            "id": f"ipeds-{unitid}",
            "name": clean(src["INSTNM"]),
            "kind": "college",
            "jurisdiction": jurisdiction,
            "public": PUBLIC_BY_CONTROL[control],
            "address": spaces(clean(src["ADDR"])),
            "city": spaces(clean(src["CITY"])),
            "state": state,
            "zip": zip_value,
            "county": spaces(clean(src["COUNTYNM"])),
            "phone": phone(clean(src["GENTELE"])),
            "website": url,
            "source": IPEDS_SOURCE,
            "notes": join_notes(notes),
            "aliases": clean(src["IALIAS"]),
        }


def build(data: Path) -> tuple[list[dict[str, str]], Counter[str]]:
    """All directory rows, sorted by id, each with every column; and what was left out, by reason."""
    skipped: Counter[str] = Counter()
    rows = [*ccd_rows(data), *ipeds_rows(data, skipped), *CURATED]
    full = [{col: row.get(col, "") for col in COLUMNS} for row in rows]
    full.sort(key=lambda r: r["id"])
    ids = Counter(r["id"] for r in full)
    dupes = [i for i, n in ids.items() if n > 1]
    if dupes:
        raise BuildError(f"duplicate ids: {dupes[:10]}")
    return full, skipped


def write_csv(rows: Sequence[dict[str, str]], out: Path) -> None:
    """UTF-8 without BOM, \\n line endings, minimal quoting: the byte-stable form committed to git."""
    tmp = out.with_name(out.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    tmp.replace(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"source folder ({DEFAULT_DATA})")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output CSV ({DEFAULT_OUT})")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        rows, skipped = build(args.data)
    except BuildError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    write_csv(rows, args.out)
    kinds = Counter(r["kind"] for r in rows)
    print(f"{args.out}: {len(rows)} agencies in {time.perf_counter() - started:.2f} s", file=sys.stderr)
    for kind, n in sorted(kinds.items()):
        print(f"  {kind:<24} {n:>6}", file=sys.stderr)
    for reason, n in sorted(skipped.items()):
        print(f"  left out: {n} {reason}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
