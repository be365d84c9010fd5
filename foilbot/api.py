"""The Python library under the CLI: statutory schedules, a request tracker over a database URL, letters.

The CLI is one client of these calls; scripts and notebooks are others. Everything here goes through
the same services as the commands, with the same settings, so a script and `foilbot request show`
never disagree. See docs/reference/python-api.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from foilbot import clock

if TYPE_CHECKING:
    from sqlmodel import Session

    from foilbot.config import Settings
    from foilbot.domain.deadlines import Schedule
    from foilbot.services.events import Logged
    from foilbot.services.overdue import DueItem
    from foilbot.services.request_detail import RequestDetail
    from foilbot.services.requests import RequestView

T = TypeVar("T")


def schedule(
    jurisdiction: str,
    *,
    received: date | None = None,
    sent: date | None = None,
    via: str = "email",
    mail_days: int = 3,
    closures: Mapping[date, str] | None = None,
    observes: Sequence[str] = (),
    **facts: Any,
) -> Schedule:
    """Every statutory deadline for a request under `jurisdiction`'s law, each with its explanation.

    Args:
        jurisdiction: "NY", "US", or a state's USPS code.
        received: the day the agency received the request (or give `sent` and `via` to estimate it).
        mail_days: business days a mailed request is assumed to take (the deadlines.mail_days setting).
        closures: days the agency was closed, with the reason.
        observes: optional holidays the agency observes (Texas: "Good Friday"); none is assumed otherwise.
        **facts: the other fields of foilbot.domain.calculator.Facts (acknowledged, estimate, extended,
            extended_on, extended_until, denied, appeal_received, expedite_requested, pauses).

    Raises:
        UsageError: an unknown jurisdiction or facts that contradict each other.
    """
    from foilbot.domain.calculator import Facts, calculate

    given = Facts(received=received, sent=sent, via=via, **facts)
    kept = dict(closures or {})
    return calculate(jurisdiction, given, closures=kept, observes=observes, mail_days=mail_days)


@dataclass
class Tracker:
    """Requests and their deadlines in one database (a SQLite file or PostgreSQL), as `foilbot` keeps them.

    Settings come from foilbot.toml and FOILBOT_* as for the CLI; `overrides` replaces some by key,
    e.g. `Tracker("sqlite:///requests.db", overrides={"deadlines.mail_days": 5})`; a value the database
    holds for everyone (`foilbot config workspace`) wins over both, with a warning.
    """

    database_url: str | None = None
    overrides: Mapping[str, Any] = field(default_factory=dict)
    _settings: Settings | None = field(default=None, init=False, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            import warnings

            from foilbot.config import load_settings
            from foilbot.services import shared_settings
            from foilbot.services.recompute import ensure_current
            from foilbot.storage import session_scope

            mine = load_settings(database_url=self.database_url).with_values(self.overrides)
            for attempt in range(3):  # a workspace setting changed under the check: read them again
                try:
                    with session_scope(mine.database_url, recomputes=True) as s:
                        # The database's own settings win, as for every command (services.shared_settings).
                        settings, overridden = shared_settings.apply(mine, shared_settings.values(s))
                        ensure_current(s, settings)
                    break
                except shared_settings.Changed:
                    if attempt == 2:
                        raise
            for line in overridden:
                warnings.warn(line, stacklevel=3)
            self._settings = settings
        return self._settings

    def _held(self, s: Session) -> None:
        """A write stores what these settings compute: they must still be the workspace's. When not, this
        call raises shared_settings.Changed (a FoilbotError) and the next one reads them again."""
        from foilbot.services import shared_settings

        try:
            shared_settings.hold(s, self.settings)
        except shared_settings.Changed:
            self._settings = None
            raise

    @contextmanager
    def session(self) -> Iterator[Session]:
        """One transaction: committed when the block ends, rolled back on an error."""
        from foilbot.storage import session_scope

        with session_scope(self.settings.database_url) as s:
            self._held(s)
            yield s

    def _write(self, work: Callable[[Session], T]) -> T:
        """One unit of work in its own transaction, run again when the database asks (a deadlock)."""
        from foilbot.storage import transaction

        def held(s: Session) -> T:
            self._held(s)
            return work(s)

        return transaction(self.settings.database_url, held)

    def new_request(
        self, agency: str, *, topics: Sequence[str], subject: str = "", **options: Any
    ) -> RequestView:
        """A draft request (template, params, law and campaign as for `request new`)."""
        from foilbot.services.agencies import ensure_directory
        from foilbot.services.requests import create_request

        options.setdefault("actor", self.settings.user)
        options.setdefault("settings", self.settings)

        def work(s: Session) -> RequestView:
            ensure_directory(s)
            return create_request(s, agency, topics=topics, subject=subject, **options)

        return self._write(work)

    def sent(
        self, ref: str | int, on: date, *, via: str, received: date | None = None, tracking: str | None = None
    ) -> Logged:
        """Record filing; without `received`, receipt is estimated from `via`."""
        from foilbot.services.events import mark_sent

        return self._write(
            lambda s: mark_sent(
                s, ref, on, self.settings, today=clock.today(), via=via, received=received, tracking=tracking
            )
        )

    def log(self, ref: str | int, kind: str, on: date, *, note: str = "", **details: Any) -> Logged:
        """Record what happened (acknowledged with estimate=…, extended with until=…, denied with
        exemptions=[…], …); deadlines are recomputed from the whole history."""
        from foilbot.services.events import log_event

        return self._write(
            lambda s: log_event(s, ref, kind, on, self.settings, today=clock.today(), note=note, data=details)
        )

    def show(self, ref: str | int, *, as_of: date | None = None) -> RequestDetail:
        """The request, its timeline and its deadlines (as they stood on `as_of`)."""
        from foilbot.services.request_detail import detail

        with self.session() as s:
            return detail(s, ref, self.settings, as_of=as_of or clock.today())

    def overdue(self, *, as_of: date | None = None, campaign: str | None = None) -> list[DueItem]:
        """Requests whose current agency deadline had passed on `as_of`, as things stood that day."""
        from foilbot.queries import Reader
        from foilbot.services.overdue import overdue

        with self.session() as s:
            return overdue(Reader(s), as_of or clock.today(), self.settings, campaign=campaign)

    def due(
        self, *, within: int = 14, as_of: date | None = None, campaign: str | None = None
    ) -> list[DueItem]:
        """Open deadlines, the agency's and the requester's, in the `within` days from `as_of`."""
        from foilbot.queries import Reader
        from foilbot.services.overdue import due

        with self.session() as s:
            return due(Reader(s), as_of or clock.today(), within, self.settings, campaign=campaign)

    def letter(
        self, ref: str | int, out: Path, *, kind: str = "request", on: date | None = None, force: bool = False
    ) -> Path:
        """Write the request, follow-up or appeal letter of a saved request (.pdf, .txt or .html).

        A follow-up or an appeal is recorded as drafted, as the commands do.

        Raises:
            UsageError: `out` has an extension foilbot does not write (.docx, ...), as `--out` does.
        """
        from foilbot.services.letters import letter_format
        from foilbot.services.request_letters import draft

        fmt = letter_format(Path(out))
        day = on or clock.today()
        done = self._write(
            lambda s: draft(s, ref, kind, self.settings, on=day, fmt=fmt, out=out, force=force)
        )
        assert done.rendered.path is not None
        return done.rendered.path
