"""Agency rows: the rules a directory row must meet, and how names are searched.

Pure: no database, no terminal. The services layer reads files and writes rows; this module decides
whether a row is acceptable and how a person's query matches a name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from foilbot.domain.text import control_problem, nul_problem

# USPS codes: states, DC, territories and freely associated states, military "states", and US for
# agencies under the federal FOIA.
USPS_CODES = frozenset(
    (
        "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC "
        "ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC AS GU MP PR VI UM FM MH PW AA AE AP"
    ).split()
)
JURISDICTIONS = USPS_CODES | {"US"}

KINDS = frozenset(
    {
        "school_district",
        "supervisory_union",
        "boces",
        "education_service_agency",
        "charter_school",
        "state_operated_agency",
        "federal_school_agency",
        "other_education_agency",
        "college",
        "state_agency",
        "federal_agency",
        "local_government",
        "police_department",
        "other",
    }
)

# The directory's columns, in file order (agencies.csv, `agency export`, `--json`).
COLUMNS = (
    "id",
    "name",
    "kind",
    "jurisdiction",
    "public",
    "records_officer",
    "email",
    "address",
    "city",
    "state",
    "zip",
    "county",
    "phone",
    "website",
    "portal_url",
    "source",
    "notes",
    "beds_code",
    "aliases",
)
REQUIRED = ("id", "name", "kind", "jurisdiction")
MULTILINE = frozenset({"address", "notes"})  # the street lines of a letter's address; free notes
BOOL_TRUE = {"true", "yes", "1", "y", "t"}
BOOL_FALSE = {"false", "no", "0", "n", "f"}

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_ZIP_RE = re.compile(r"^\d{5}(-\d{4})?$")
# Deliberately simple: one @, a dot in the domain, no spaces. Full RFC 5322 would accept typos.
_EMAIL_RE = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[A-Za-z]{2,}$")
_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s<>\"]*$", re.IGNORECASE)


def email_problem(address: str) -> str | None:
    """Why an agency's address cannot be written to, or None: one plain address, no display name."""
    if "," in address or ";" in address:
        return f"{address!r} holds several addresses; give one (the records access officer's)"
    if "<" in address or ">" in address:
        return f"{address!r} has a display name or brackets; give the bare address (foil@example.org)"
    if not address.isascii():  # sent as plain ASCII (no SMTPUTF8): `josé@…` crashed a campaign send
        return (
            f"{address!r} is not plain ASCII; give the address the agency's mail server knows in ASCII "
            "(a domain as xn--…)"
        )
    if not _EMAIL_RE.match(address):
        return f"{address!r} is not an email address (expected name@domain.tld)"
    if ".." in address or address.split("@")[1].startswith("."):
        return f"{address!r} is not an email address (empty part between dots)"
    return None


@dataclass(frozen=True)
class RowProblem:
    line: int
    column: str
    problem: str

    def format(self, filename: str) -> str:
        return f"{filename}:{self.line}: {self.column}: {self.problem}"


def parse_bool(value: str) -> bool | None:
    v = value.strip().lower()
    if v in BOOL_TRUE:
        return True
    if v in BOOL_FALSE:
        return False
    return None


def check_row(row: Mapping[str, str], line: int) -> tuple[dict[str, object], list[RowProblem]]:
    """Normalise one directory row and list everything wrong with it.

    Args:
        row: column name -> raw text (already mapped to foilbot's column names).
        line: the file line the row came from (the header is line 1), for messages.

    Returns:
        The cleaned row (text stripped, `public` as bool, codes upper-cased) and its problems.
    """
    clean: dict[str, object] = {k: (v or "").strip() for k, v in row.items()}
    problems: list[RowProblem] = []

    def bad(column: str, problem: str) -> None:
        problems.append(RowProblem(line, column, problem))

    # A file of some columns (id plus email, say) updates just those: only the columns given are checked.
    for col, value in clean.items():
        if nul_problem(value):
            bad(col, "contains a NUL byte (\\0); remove it")
        elif problem := control_problem(value, lines=col in MULTILINE):
            bad(col, problem)

    for col in REQUIRED:
        if (col == "id" or col in row) and not clean.get(col):
            bad(col, "required, but empty")
    agency_id = str(clean.get("id", ""))
    if agency_id and not _ID_RE.match(agency_id):
        bad("id", f"{agency_id!r} must be lower-case letters, digits, '.', '_' or '-' (e.g. nces-3617670)")
    kind = str(clean.get("kind", ""))
    if kind and kind not in KINDS:
        bad("kind", f"unknown kind {kind!r}; use one of: {', '.join(sorted(KINDS))}")
    jur = str(clean.get("jurisdiction", "")).upper()
    if "jurisdiction" in clean:
        clean["jurisdiction"] = jur
    if jur and jur not in JURISDICTIONS:
        bad("jurisdiction", f"{jur!r} is not a USPS state code (or US for federal)")
    state = str(clean.get("state", "")).upper()
    if "state" in clean:
        clean["state"] = state
    if state and state not in USPS_CODES:
        bad("state", f"{state!r} is not a USPS state code")
    raw_public = str(clean.get("public", ""))
    if raw_public:
        value = parse_bool(raw_public)
        if value is None:
            bad("public", f"{raw_public!r} is not true or false")
        clean["public"] = bool(value)
    elif "public" in row:
        clean["public"] = True
    zip_code = str(clean.get("zip", ""))
    if zip_code and not _ZIP_RE.match(zip_code):
        hint = " (a leading zero lost by a spreadsheet?)" if zip_code.isdigit() and len(zip_code) < 5 else ""
        bad("zip", f"{zip_code!r} is not a ZIP code (12345 or 12345-6789){hint}")
    email = str(clean.get("email", ""))
    if email:
        problem = email_problem(email)
        if problem:
            bad("email", problem)
    for col in ("website", "portal_url"):
        url = str(clean.get(col, ""))
        if url and not _URL_RE.match(url):
            bad(col, f"{url!r} is not an http(s) URL (e.g. https://example.org)")
    return clean, problems


# --- search -------------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[a-z0-9]+")

# Abbreviations a person types -> the word sequences they stand for in official names. "CSD" is both
# a city and a central school district in New York usage.
ABBREVIATIONS: dict[str, tuple[tuple[str, ...], ...]] = {
    "csd": (("city", "school", "district"), ("central", "school", "district")),
    "ufsd": (("union", "free", "school", "district"),),
    "sd": (("school", "district"),),
    "isd": (("independent", "school", "district"),),
    "usd": (("unified", "school", "district"),),
    "boces": (("boces",), ("board", "of", "cooperative", "educational", "services")),
    "univ": (("university",),),
    "u": (("university",),),
    "cc": (("community", "college"),),
    "coll": (("college",),),
    "dept": (("department",),),
    "st": (("state",), ("saint",), ("st",)),
    "suny": (("state", "university", "of", "new", "york"), ("suny",)),
    "cuny": (("city", "university", "of", "new", "york"), ("cuny",)),
    "nyc": (("new", "york", "city"), ("nyc",)),
    "ed": (("education",),),
    "educ": (("education",),),
    "doe": (("department", "of", "education"),),
    "ny": (("new", "york"), ("ny",)),
    "&": (("and",),),
}


def normalize(text: str) -> str:
    """Lower-case words separated by single spaces: how names are stored for search."""
    return " ".join(_WORD_RE.findall(text.lower().replace("&", " and ")))


def search_text(name: str, aliases: str = "") -> str:
    """The stored search key: the normalised name, then each alias, separated by " | "."""
    parts = [normalize(name), *(normalize(a) for a in aliases.split("|"))]
    return " | ".join(p for p in parts if p)


def query_terms(query: str) -> list[tuple[tuple[str, ...], ...]]:
    """Each typed word as its alternatives (word sequences); a name must match one of each."""
    terms = []
    for word in _WORD_RE.findall(query.lower().replace("&", " and ")):
        alternatives = ABBREVIATIONS.get(word, ())
        # The typed word itself always counts too: some names keep the abbreviation ("… Univ …").
        terms.append(alternatives if (word,) in alternatives else (*alternatives, (word,)))
    return terms


def _contains_seq(words: list[str], seq: tuple[str, ...]) -> bool:
    n = len(seq)
    if n == 1:
        return any(w == seq[0] or w.startswith(seq[0]) for w in words)
    return any(tuple(words[i : i + n]) == seq for i in range(len(words) - n + 1))


def match_score(name_norm: str, terms: list[tuple[tuple[str, ...], ...]]) -> float | None:
    """How well a normalised name answers the query; None when it does not match.

    Every term must be present (word order free); exact words beat prefixes, and a name made of
    little more than the query ranks first, so `lockport csd` puts LOCKPORT CITY SCHOOL DISTRICT
    ahead of longer names that merely mention Lockport.
    """
    words = name_norm.split()
    covered = 0
    exact = 0
    for alternatives in terms:
        hit = next((alt for alt in alternatives if _contains_seq(words, alt)), None)
        if hit is None:
            return None
        covered += len(hit)
        exact += sum(1 for w in hit if w in words)
    extra = max(len(words) - covered, 0)
    return exact * 2.0 - extra * 0.5 + (1.0 if words[: len(terms[0][0])] == list(terms[0][0]) else 0.0)


def like_patterns(terms: list[tuple[tuple[str, ...], ...]]) -> list[list[str]]:
    """SQL LIKE pre-filters, one list of alternatives per term, so the database narrows the rows."""
    return [
        [f"%{' '.join(alt)}%" if len(alt) > 1 else f"%{alt[0]}%" for alt in alternatives]
        for alternatives in terms
    ]


def rank(candidates: Iterable[tuple[str, str]], query: str) -> list[tuple[float, str]]:
    """(score, id) for each (id, search_text) that matches, best first, ties by name.

    The official name scores as is; an alias ("SUNY Buffalo") matches too, one point lower.
    """
    terms = query_terms(query)
    if not terms:
        return []
    scored = []
    for agency_id, text in candidates:
        variants = text.split(" | ")
        best = None
        for i, variant in enumerate(variants):
            score = match_score(variant, terms)
            if score is not None:
                score -= 1.0 if i else 0.0
                best = score if best is None else max(best, score)
        if best is not None:
            scored.append((best, variants[0], agency_id))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    return [(s, i) for s, _, i in scored]
