"""scripts/build_agencies.py and the agencies.csv it committed.

Expected values are worked out by hand from the source files (their Type / CONTROL / CYACTIVE counts,
read with a spreadsheet-free `csv.DictReader` tally) or from the tiny CSVs written below, never from
the script's own output.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "build_agencies.py"
SHIPPED = REPO / "agencies.csv"
DATA = REPO.parent / "shared" / "data"
needs_data = pytest.mark.skipif(not (DATA / "ipeds_hd2024.csv").is_file(), reason=f"{DATA} is absent")

HEADER = (
    "id,name,kind,jurisdiction,public,records_officer,email,address,city,state,zip,county,phone,"
    "website,portal_url,source,notes,beds_code,aliases"
)


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_agencies", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["build_agencies"] = module
    spec.loader.exec_module(module)
    return module


ba = _load()


# --- cell rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("-1", ""), ("-2", ""), ("-3", ""), ("M", ""), (" N ", ""), ("", ""), (None, ""), ("NY", "NY"),
     ("Main St ", "Main St"), ("N/A", "N/A")],
)  # fmt: skip
def test_clean_blanks_placeholders_only_when_they_are_the_whole_cell(raw: str | None, expected: str) -> None:
    assert ba.clean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2563725000", "(256) 372-5000"),  # IPEDS digits
        ("(334)215-3860", "(334) 215-3860"),  # CCD form
        ("20592910001645", "20592910001645"),  # 14 digits: number + extension, kept as given
        ("47975188240", "47975188240"),
        ("", ""),
    ],
)
def test_phone(raw: str, expected: str) -> None:
    assert ba.phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("00919", "00919"), ("35294-0110", "35294-0110"), ("352940110", "35294-0110"), ("", "")],
)
def test_zip_kept_as_text(raw: str, expected: str) -> None:
    assert ba.zip_code(raw) == (expected, "")


def test_zip_that_is_not_a_zip_is_left_out_with_a_note() -> None:
    assert ba.zip_code("1234") == ("", "ZIP as given is not a ZIP code: '1234'")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("www.aamu.edu/", "https://www.aamu.edu/"),
        ("https://www.uab.edu/", "https://www.uab.edu/"),
        ("http://www.albanyschools.org", "http://www.albanyschools.org"),
        ("", ""),
    ],
)
def test_website_gains_a_scheme_and_no_note(raw: str, expected: str) -> None:
    assert ba.website(raw, "W") == (expected, "")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("http://crowcreek.k12.sd.us cctribalschools.org", "http://crowcreek.k12.sd.us"),
        ("https://www.sfiec.edu/ and https://paulmitchell.edu/sanfrancisco", "https://www.sfiec.edu/"),
        ("www.southuniversity.edu/tampa#location=Tampa, FL", "https://www.southuniversity.edu/tampa"),
    ],
)
def test_website_keeps_the_first_address_and_quotes_the_source(raw: str, expected: str) -> None:
    assert ba.website(raw, "W") == (expected, f"W as given: {raw!r}")


@pytest.mark.parametrize(
    "raw",
    [
        "http://N/A",
        "http://none",
        "http://375 LEE ST",
        "http://cindy.willis@dhs.arkansas.gov",
        "https://imbeautyschool@gmail.com/",
        "http://http:www.galatiak12.org",
        "http:///www.choctawsd.ms",
        "http://www.hiawatha426..org",
        "http://oldbrooklyncommunityelementary.constellationschools.c",
    ],
)
def test_website_that_is_not_a_web_address_is_left_out(raw: str) -> None:
    assert ba.website(raw, "W") == ("", f"W as given is not a web address, left out: {raw!r}")


# --- a build from tiny hand-made sources ---------------------------------------------------------

CCD_HEAD = (
    "State,StateName,DistrictName,Phone,Website,Address,City,StateAbbr,Zip,NCES_ID,Type,"
    "LowestGrade,HighestGrade,Superintendent"
)
REGULAR = "Regular public school district that is not a component of a supervisory union"
NY_HEAD = (
    "nces_leaid,beds_code,name,lea_type,county,county_source,street,city,state,zip,phone,website,"
    "lowest_grade,highest_grade"
)
IPEDS_HEAD = "UNITID,INSTNM,IALIAS,ADDR,CITY,STABBR,ZIP,GENTELE,WEBADDR,CONTROL,SECTOR,CYACTIVE,CLOSEDAT,F1SYSNAM,COUNTYNM"


def _write(folder: Path, ccd: list[str], ny: list[str], ipeds: list[str]) -> Path:
    folder.mkdir(exist_ok=True)
    (folder / ba.CCD_FILE).write_text("\n".join([CCD_HEAD, *ccd]) + "\n", encoding="utf-8")
    (folder / ba.NY_FILE).write_text("\r\n".join([NY_HEAD, *ny]) + "\r\n", encoding="utf-8")
    # IPEDS ships with a BOM and CRLF.
    (folder / ba.IPEDS_FILE).write_bytes(("\ufeff" + "\r\n".join([IPEDS_HEAD, *ipeds]) + "\r\n").encode())
    return folder


@pytest.fixture
def sources(tmp_path: Path) -> Path:
    return _write(
        tmp_path / "data",
        ccd=[
            f"NY,NEW YORK,LOCKPORT CITY SCHOOL DISTRICT,(716)478-4811,http://www.lockportschools.org,"
            f"130 BEATTIE AVE,LOCKPORT,NY,14094,3617670,{REGULAR},KG,12,",
            "NY,NEW YORK,ORLEANS-NIAGARA BOCES,(716)731-6800,,4232 SHELBY BASIN RD,MEDINA,NY,14103,"
            "3680001,Service agency,N,N,",
            "OH,OHIO,Some ESC,(614)555-0100,none,1 Main St,Columbus,OH,43215,3900001,Service agency,M,M,",
            f"BI,BUREAU OF INDIAN EDUCATION,Hopi Day School,(928)734-2468,http://www.hdshawks.org/,"
            f"100 Hopi Day School Drive,Kykotsmovi,AZ,86039,5900029,{REGULAR},KG,06,",
            f"PR,PUERTO RICO,PUERTO RICO DEPARTMENT OF EDUCATION,(787)759-2000,,,,PR,00919,7200030,{REGULAR},"
            "PK,12,",
        ],
        ny=[
            "3617670,400400010000,LOCKPORT CITY SCHOOL DISTRICT,regular,Niagara County,beds_prefix,"
            "130 BEATTIE AVE,LOCKPORT,NY,14094,(716)478-4811,http://www.lockportschools.org,KG,12",
            "3680001,,ORLEANS-NIAGARA BOCES,boces_or_service_agency,,,4232 SHELBY BASIN RD,MEDINA,NY,14103,"
            "(716)731-6800,,N,N",
        ],
        ipeds=[
            "197036,United States Military Academy,West Point,606 Thayer Rd,West  Point,NY,10996,8459384011,"
            "www.westpoint.edu/,1,1,1,-2,-2,Orange County",
            "193894,New York Theological Seminary,NYTS,3041 Broadway,New York,NY,10027,3476932587,"
            'https://www.nyts.edu/,2,2,1,06/12/2024,-2,"New York County"',
            "100654,Alabama A & M University,AAMU,4900 Meridian Street,Normal,AL,35762,2563725000,"
            '"www.aamu.edu/",1,1,1,-2,The University of Alabama System,Madison County',
            "999999,Gone College,,1 Elm St,Nowhere,TX,75001,,,-3,99,3,-2,-2,Dallas County",
        ],
    )


def _rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return {r["id"]: r for r in csv.DictReader(handle)}


def test_build_from_small_sources(sources: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "agencies.csv"
    assert ba.main(["--data", str(sources), "--out", str(out)]) == 0
    rows = _rows(out)
    assert list(rows) == [
        "ipeds-100654", "ipeds-193894", "ipeds-197036", "nces-3617670", "nces-3680001", "nces-3900001",
        "nces-5900029", "nces-7200030", "nys-education-department", "us-department-of-education",
    ]  # fmt: skip
    lockport = rows["nces-3617670"]
    assert (lockport["name"], lockport["kind"], lockport["jurisdiction"], lockport["public"]) == (
        "LOCKPORT CITY SCHOOL DISTRICT", "school_district", "NY", "true",
    )  # fmt: skip
    assert (lockport["beds_code"], lockport["county"], lockport["phone"], lockport["zip"]) == (
        "400400010000", "Niagara County", "(716) 478-4811", "14094",
    )  # fmt: skip
    assert lockport["source"] == (
        "NCES CCD LEA 2024-25 (ccd_lea_029_2425_w_1a_073025); BEDS code and county: NCES CCD school file"
    )
    assert lockport["notes"] == f"CCD type: {REGULAR}; grades KG-12"
    boces = rows["nces-3680001"]
    assert (boces["kind"], boces["beds_code"], boces["county"]) == ("boces", "", "")
    assert boces["notes"] == "CCD type: Service agency; no BEDS code: not in the NCES CCD school file"
    esc = rows["nces-3900001"]
    assert (esc["kind"], esc["website"]) == ("education_service_agency", "")
    assert esc["notes"] == (
        "CCD type: Service agency; CCD website as given is not a web address, left out: 'none'"
    )
    hopi = rows["nces-5900029"]
    assert (hopi["jurisdiction"], hopi["state"]) == ("US", "AZ")
    assert "Bureau of Indian Education school in AZ" in hopi["notes"]
    pr = rows["nces-7200030"]
    assert (pr["jurisdiction"], pr["zip"], pr["address"], pr["city"]) == ("PR", "00919", "", "")

    west_point = rows["ipeds-197036"]
    assert (west_point["kind"], west_point["jurisdiction"], west_point["state"], west_point["public"]) == (
        "college", "US", "NY", "true",
    )  # fmt: skip
    assert (west_point["city"], west_point["website"], west_point["phone"]) == (
        "West Point", "https://www.westpoint.edu/", "(845) 938-4011",
    )  # fmt: skip
    assert west_point["notes"] == (
        "sector: Public, 4-year or above; federal institution (Department of the Army): federal FOIA applies"
    )
    nyts = rows["ipeds-193894"]
    assert (nyts["public"], nyts["county"], nyts["aliases"], nyts["source"]) == (
        "false", "New York County", "NYTS", "IPEDS HD2024",
    )  # fmt: skip
    assert nyts["notes"] == "sector: Private not-for-profit, 4-year or above; closed 2024-06-12"
    aamu = rows["ipeds-100654"]
    assert aamu["notes"] == "sector: Public, 4-year or above; system: The University of Alabama System"
    assert rows["us-department-of-education"]["jurisdiction"] == "US"
    assert rows["nys-education-department"]["address"] == "89 Washington Avenue"

    err = capsys.readouterr().err
    assert "10 agencies" in err
    assert re.search(r"school_district\s+3\n", err)  # Lockport, Hopi Day School, Puerto Rico
    assert "left out: 1 IPEDS institutions not active" in err


def test_output_bytes_are_stable(sources: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    assert ba.main(["--data", str(sources), "--out", str(a)]) == 0
    assert ba.main(["--data", str(sources), "--out", str(b)]) == 0
    data = a.read_bytes()
    assert data == b.read_bytes()
    assert data.startswith(HEADER.encode() + b"\n")
    assert b"\r" not in data


def test_unknown_ccd_type_stops_the_build(sources: Path) -> None:
    with (sources / ba.CCD_FILE).open("a", encoding="utf-8") as f:
        f.write("OH,OHIO,X,(614)555-0100,,1 Main St,Columbus,OH,43215,3900002,Brand new type,KG,12,\n")
    with pytest.raises(ba.BuildError, match="3900002: unknown Type 'Brand new type'"):
        ba.build(sources)


def test_active_institution_without_control_stops_the_build(sources: Path) -> None:
    with (sources / ba.IPEDS_FILE).open("a", encoding="utf-8", newline="") as f:
        f.write("888888,Odd College,,1 Elm St,Austin,TX,78701,,,-3,99,1,-2,-2,Travis County\r\n")
    with pytest.raises(ba.BuildError, match="888888 has CONTROL '-3'"):
        ba.build(sources)


def test_new_york_lea_without_enrichment_row_stops_the_build(sources: Path) -> None:
    with (sources / ba.CCD_FILE).open("a", encoding="utf-8") as f:
        f.write(
            f"NY,NEW YORK,NEW DISTRICT,(518)555-0100,,1 Main St,Albany,NY,12207,3699999,{REGULAR},KG,12,\n"
        )
    with pytest.raises(ba.BuildError, match="no row for New York LEA 3699999"):
        ba.build(sources)


def test_missing_source_folder_is_an_error_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert ba.main(["--data", str(tmp_path / "nowhere"), "--out", str(tmp_path / "x.csv")]) == 1
    assert "not found" in capsys.readouterr().err
    assert not (tmp_path / "x.csv").exists()


# --- the committed agencies.csv -------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped() -> list[dict[str, str]]:
    with SHIPPED.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_shipped_file_form() -> None:
    data = SHIPPED.read_bytes()
    assert data.startswith(HEADER.encode() + b"\n")  # no BOM
    assert b"\r" not in data


def test_shipped_rows_per_kind(shipped: list[dict[str, str]]) -> None:
    # From the sources' own tallies: CCD Type counts (regular 13,320 + component 173 + specialized 439;
    # service agency 680 = 37 NY BOCES + 643 elsewhere; ...), IPEDS 6,072 less 78 with CYACTIVE = 3.
    assert Counter(r["kind"] for r in shipped) == {
        "school_district": 13932,
        "charter_school": 4128,
        "education_service_agency": 643,
        "boces": 37,
        "supervisory_union": 114,
        "state_operated_agency": 193,
        "federal_school_agency": 4,
        "other_education_agency": 230,
        "college": 5994,
        "state_agency": 1,
        "federal_agency": 1,
    }
    assert len(shipped) == 25277


def test_shipped_public_and_jurisdiction(shipped: list[dict[str, str]]) -> None:
    colleges = Counter(r["public"] for r in shipped if r["kind"] == "college")
    assert colleges == {"true": 1975, "false": 4019}  # CONTROL 1: 1,980 less 5 inactive
    assert all(r["public"] == "true" for r in shipped if r["kind"] != "college")
    # 174 Bureau of Indian Education LEAs, 9 federal institutions, the U.S. Department of Education.
    assert sum(r["jurisdiction"] == "US" for r in shipped) == 184
    assert Counter(r["jurisdiction"] for r in shipped if r["kind"] == "boces") == {"NY": 37}


def test_shipped_ids_unique_sorted_and_well_formed(shipped: list[dict[str, str]]) -> None:
    ids = [r["id"] for r in shipped]
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    pattern = re.compile(r"^(nces-\d{7}|ipeds-\d{6}|nys-education-department|us-department-of-education)$")
    assert [i for i in ids if not pattern.match(i)] == []


def test_shipped_cells_hold_no_placeholders_or_invented_contacts(shipped: list[dict[str, str]]) -> None:
    bad = [(r["id"], k) for r in shipped for k, v in r.items() if v in {"-1", "-2", "-3", "M", "N"}]
    assert bad == []
    assert all(r["email"] == r["records_officer"] == r["portal_url"] == "" for r in shipped)
    assert all(v == v.strip() for r in shipped for v in r.values())


def test_shipped_zips_phones_and_websites(shipped: list[dict[str, str]]) -> None:
    assert [r["id"] for r in shipped if r["zip"] and not re.fullmatch(r"\d{5}(-\d{4})?", r["zip"])] == []
    assert next(r["zip"] for r in shipped if r["id"] == "nces-7200030") == "00919"  # Puerto Rico
    ccd_phones = [r["phone"] for r in shipped if r["id"].startswith("nces-")]
    assert all(re.fullmatch(r"\(\d{3}\) \d{3}-\d{4}", p) for p in ccd_phones)
    url = re.compile(r"^https?://[A-Za-z0-9.-]+\.[A-Za-z]{2,}\.?(:\d+)?([/?#]\S*)?$")
    assert [r["website"] for r in shipped if r["website"] and not url.match(r["website"])] == []


def test_lockport_city_school_district(shipped: list[dict[str, str]]) -> None:
    (row,) = [r for r in shipped if r["name"] == "LOCKPORT CITY SCHOOL DISTRICT"]
    assert row["id"] == "nces-3617670"
    assert (row["kind"], row["jurisdiction"], row["state"], row["zip"]) == (
        "school_district",
        "NY",
        "NY",
        "14094",
    )
    assert (row["beds_code"], row["county"]) == ("400400010000", "Niagara County")


def test_new_york_enrichment(shipped: list[dict[str, str]]) -> None:
    ny = [r for r in shipped if r["id"].startswith("nces-") and r["jurisdiction"] == "NY"]
    assert len(ny) == 1090
    assert sum(bool(re.fullmatch(r"\d{12}", r["beds_code"])) for r in ny) == 1085
    assert sum(bool(r["county"]) for r in ny) == 1085
    assert all(r["beds_code"] == "" for r in shipped if not r["id"].startswith("nces-36"))


def test_curated_agencies(shipped: list[dict[str, str]]) -> None:
    by_id = {r["id"]: r for r in shipped}
    nysed = by_id["nys-education-department"]
    assert (nysed["name"], nysed["kind"], nysed["jurisdiction"]) == (
        "New York State Education Department", "state_agency", "NY",
    )  # fmt: skip
    assert (nysed["address"], nysed["city"], nysed["state"], nysed["zip"]) == (
        "89 Washington Avenue", "Albany", "NY", "12234",
    )  # fmt: skip
    usde = by_id["us-department-of-education"]
    assert (usde["kind"], usde["jurisdiction"], usde["state"]) == ("federal_agency", "US", "DC")
    assert (usde["address"], usde["city"], usde["zip"]) == ("400 Maryland Avenue SW", "Washington", "20202")
    assert all(by_id[i]["source"] for i in by_id)


def test_shipped_rows_pass_the_importers_checks(shipped: list[dict[str, str]]) -> None:
    from foilbot.domain.agencies import check_row

    problems = [p for n, r in enumerate(shipped, start=2) for p in check_row(r, n)[1]]
    assert problems == []


@needs_data
def test_rebuild_reproduces_the_committed_file_with_the_standard_library_only(tmp_path: Path) -> None:
    out = tmp_path / "agencies.csv"
    # -I -S: no site-packages, no user site, no PYTHON* variables: proves it runs without the venv.
    done = subprocess.run(
        [sys.executable, "-I", "-S", str(SCRIPT), "--data", str(DATA), "--out", str(out)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert "25277 agencies" in done.stderr
    assert out.read_bytes() == SHIPPED.read_bytes()


@needs_data
def test_every_source_row_is_accounted_for() -> None:
    with (DATA / ba.CCD_FILE).open(encoding="utf-8", newline="") as f:
        leas = sum(1 for _ in csv.DictReader(f))
    with (DATA / ba.IPEDS_FILE).open(encoding="utf-8-sig", newline="") as f:
        institutions = sum(1 for _ in csv.DictReader(f))
    assert (leas, institutions) == (19281, 6072)  # the README's counts
    rows, skipped = ba.build(DATA)
    assert len(rows) == leas + institutions - 78 + 2
    assert sum(skipped.values()) == 78
