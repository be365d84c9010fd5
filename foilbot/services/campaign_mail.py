"""A campaign by post: labels, envelopes, the mail log, one print-ready PDF, article numbers (issue 12)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from foilbot.errors import UsageError

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.render.mailing import Recipient

# The addressee's title, as each law's request letter writes it (templates/letters/request-*.html.j2).
TITLES = {"NY": "Records Access Officer", "US": "FOIA Officer"}
OTHER_TITLE = "Custodian of Records"


def recipients(session: Session, name: str) -> tuple[list[Recipient], tuple[str, ...]]:
    """Every request of the campaign that goes by post as an addressee, in campaign order; and the
    requests passed over, with why (campaign_ops.on_paper)."""
    from foilbot.models import Agency
    from foilbot.render.mailing import Recipient
    from foilbot.services.campaign_ops import on_paper
    from foilbot.services.letters import agency_info

    out = []
    paper, passed = on_paper(session, name)
    for req in paper:
        agency = agency_info(session.get(Agency, req.agency_id))
        title = TITLES.get(req.jurisdiction, OTHER_TITLE)
        officer = (f"Attn: {agency.records_officer}",) if agency.records_officer else ()
        lines = (title, *officer, agency.name, *agency.address_lines, agency.city_line)
        out.append(
            Recipient(agency.id, agency.name, lines, req.reference, req.sent_on, req.via, req.tracking)
        )
    return out, passed


def sender_lines(settings: Settings) -> tuple[str, ...]:
    """The return address (the requester's name, organization and address).

    Raises:
        UsageError: no name or no postal address in [requester].
    """
    r = settings.requester
    address = tuple(x.strip() for x in str(r.address or "").splitlines() if x.strip())
    if not r.name or not address:
        raise UsageError(
            "mail needs a return address: requester.name and requester.address are empty",
            hint="Set them in [requester] in foilbot.toml (or FOILBOT_REQUESTER_* variables).",
        )
    return tuple(x for x in (r.name, r.organization, *address) if x)


@dataclass(frozen=True)
class MailKit:
    labels: Path
    envelopes: Path
    log_pdf: Path
    log_csv: Path
    count: int
    passed_over: tuple[str, ...] = ()  # not by post: filed by email, portal or fax, or withdrawn


def write_kit(session: Session, name: str, settings: Settings, out_dir: Path) -> MailKit:
    """Labels (Avery 5160), #10 envelopes and the mail log (PDF and CSV) of a campaign, in campaign order.

    Raises:
        ValidationError: an address does not fit a label or the envelope window (naming the agency).
        UsageError: no return address configured.
    """
    import io

    from foilbot.csvsafe import write_dicts
    from foilbot.domain.text import file_stem
    from foilbot.files import write_atomic
    from foilbot.render import mailing

    people, passed = recipients(session, name)
    sender = sender_lines(settings)
    labels = mailing.to_pdf(mailing.labels_html(people), "label (2 5/8 x 1 inch, Avery 5160)")
    envelopes = mailing.to_pdf(mailing.envelopes_html(people, sender), "#10 envelope's address block")
    log = mailing.to_pdf(mailing.log_html(f"Mail log: campaign {name}", people, sender), "mail log")
    text = io.StringIO()
    write_dicts(text, mailing.LOG_COLUMNS, mailing.log_rows(people))
    stem = file_stem(name)  # never a path part, whatever name a database holds
    kit = MailKit(
        out_dir / f"{stem}-labels.pdf",
        out_dir / f"{stem}-envelopes.pdf",
        out_dir / f"{stem}-mail-log.pdf",
        out_dir / f"{stem}-mail-log.csv",
        len(people),
        passed,
    )
    for path, data in ((kit.labels, labels), (kit.envelopes, envelopes), (kit.log_pdf, log)):
        write_atomic(path, data)
    write_atomic(kit.log_csv, text.getvalue())
    return kit


def write_combined(letters: Sequence[Path], out: Path) -> Path:
    """Every letter in one PDF, each starting on a new sheet when printed on both sides."""
    from foilbot.files import write_atomic
    from foilbot.render.mailing import combine

    return write_atomic(out, combine(letters))
