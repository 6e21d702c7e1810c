"""The ledger's tables, declared once.

Everything else reads these declarations: the polars schemas of the `Ledger` frames, the
import templates and validation, the Django models (built from them in `workforce_web`), the
demo generator and the docs. Dates are calendar dates; an `end_date` is the last day
(inclusive) and empty while ongoing. Every row belongs to an organisation: every table but
`organisation` itself starts with an `organisation` column holding the organisation's code.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from workforce.ledger import codes as c

KINDS: dict[str, pl.DataType] = {
    "str": pl.String(),
    "code": pl.String(),
    "int": pl.Int64(),
    "float": pl.Float64(),
    "date": pl.Date(),
    "bool": pl.Boolean(),
}


@dataclass(frozen=True)
class Past:
    """A date recording something that has happened, so an import refuses it after the day
    of the import. `why` finishes the hint ("a supervision can only be recorded once it has
    happened"); `only` limits the rule to rows whose code column holds one of the codes (a
    completed appraisal, not a scheduled one)."""

    why: str
    only: tuple[str, tuple[str, ...]] | None = None


@dataclass(frozen=True)
class Since:
    """A date that cannot come before the date in another column of the same row, nor
    before the anniversary `years` after it (a qualification is not gained before the
    person's 18th birthday). `why` finishes the hint."""

    column: str
    years: int = 0
    why: str = ""


TEXT_LENGTH = 200
"""Characters a text column holds; a `name` column holds `NAME_LENGTH`, a code `CODE_LENGTH`.
The database columns are this long (PostgreSQL refuses longer text), and imports refuse
longer cells, so both read `Column.max_length`."""
NAME_LENGTH = 300
CODE_LENGTH = 40


@dataclass(frozen=True)
class Column:
    """One column: its name, kind (str, code, int, float, date, bool) and meaning."""

    name: str
    kind: str
    doc: str
    required: bool = False
    codes: dict[str, str] | None = None
    ref: str | None = None  # "table" or "table.column": a reference checked on import
    min: float | None = None
    max: float | None = None
    personal: bool = False  # identifies or describes a person: audited when shown
    past: Past | None = None  # a date of something that has happened: not after today
    since: Since | None = None  # a date not before another date column of the row
    percent: bool = False  # a percentage from 0 to 100: an Excel cell shown 64.4% is 64.4
    days_in_span: bool = False  # days within the row's span: at most its calendar days

    @property
    def dtype(self) -> pl.DataType:
        return KINDS[self.kind]

    @property
    def max_length(self) -> int | None:
        """Characters the column holds (text and codes), as the database stores it."""
        if self.kind == "code":
            return CODE_LENGTH
        if self.kind == "str":
            return NAME_LENGTH if self.name == "name" else TEXT_LENGTH
        return None


@dataclass(frozen=True)
class Table:
    """One ledger table: its columns and the natural key that makes re-imports idempotent."""

    name: str
    title: str
    doc: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    span: tuple[str, str] | None = None  # (start, end) columns that must not be reversed
    personal: bool = False

    @property
    def schema(self) -> dict[str, pl.DataType]:
        return {col.name: col.dtype for col in self.columns}

    @property
    def names(self) -> list[str]:
        return [col.name for col in self.columns]

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(f"{self.name} has no column {name!r}")

    def empty(self) -> pl.DataFrame:
        return pl.DataFrame(schema=self.schema)


ORG = Column("organisation", "str", "Code of the organisation the row belongs to.", True,
             ref="organisation.code")
STAFF = Column("staff_id", "str", "The person's staff number.", True, ref="person.staff_id")


def _cols(*cols: Column) -> tuple[Column, ...]:
    return (ORG, *cols)


ORGANISATION = Table(
    "organisation", "Organisations",
    "A council or children's trust. Regional alliances hold several in one instance.",
    (
        Column("code", "str", "Short code used in every other table (e.g. the DfE LA number).",
               True),
        Column("name", "str", "Name of the council or trust.", True),
        Column("old_la_code", "str", "DfE 3-digit local authority number (census LEA)."),
        Column("gss_code", "str", "ONS 9-character code (E06, E08, E09 or E10)."),
        Column("region_code", "str", "ONS region code (E12...)."),
        Column("region_name", "str", "Region name."),
        Column("benchmark_la", "str",
               "DfE LA number whose statistical neighbours and published figures to compare "
               "against (defaults to old_la_code)."),
    ),
    key=("code",),
)

UNIT = Table(
    "unit", "Units (directorates, services, teams)",
    "A directorate, service or team. `parent` makes the hierarchy.",
    _cols(
        Column("code", "str", "Unit code, unique in the organisation.", True),
        Column("name", "str", "Unit name.", True),
        Column("kind", "code", "Directorate, service or team.", True, c.UNIT_KIND),
        Column("parent", "str", "Code of the parent unit; empty for the top.", ref="unit.code"),
    ),
    key=("code",),
)

POST = Table(
    "post", "Establishment posts",
    "A budgeted post. Vacancies are establishment FTE not filled by a directly employed worker.",
    _cols(
        Column("post_id", "str", "Post (position) number.", True),
        Column("unit", "str", "Unit code.", True, ref="unit.code"),
        Column("title", "str", "Job title of the post.", True),
        Column("staff_group", "code", "Staff group of the post.", True, c.STAFF_GROUP),
        Column("org_role", "code", "CSWW role for social-work posts.", codes=c.ORG_ROLE),
        Column("grade", "str", "Pay grade."),
        Column("fte", "float", "Budgeted FTE (0 to 1).", True, min=0, max=1),
        Column("start_date", "date", "First day the post is in the establishment.", True),
        Column("end_date", "date", "Last day the post is in the establishment."),
    ),
    key=("post_id",), span=("start_date", "end_date"),
)

PERSON = Table(
    "person", "People",
    "One worker, directly employed or agency.",
    _cols(
        Column("staff_id", "str", "Staff (or agency worker) number, unique in the organisation.",
               True, personal=True),
        Column("name", "str", "Full name.", True, personal=True),
        Column("swe_number", "str", "Social Work England registration number (SW + digits).",
               personal=True),
        Column("birth_date", "date", "Date of birth.", personal=True,
               past=Past("nobody can be born after today")),
        Column("sex", "code", "Sex as recorded (F, M, U).", True, c.SEX, personal=True),
        Column("ethnicity", "code", "CSWW ethnicity code.", True, c.ETHNICITY, personal=True),
        Column("disability", "code", "Disability (Y, N, U).", True, c.DISABILITY,
               personal=True),
        Column("qual_route", "code", "Route to social-work qualification.",
               codes=c.QUAL_ROUTE),
        Column("qual_level", "code", "CSWW qualification level.", codes=c.QUAL_LEVEL),
        Column("qual_institution", "str", "Qualifying institution."),
        Column("qual_date", "date", "Date the person qualified as a social worker.",
               past=Past("a qualification can only be recorded once it has been gained"),
               since=Since("birth_date", 18, "social work qualifications are degrees, "
                           "apprenticeships and postgraduate courses, which nobody completes "
                           "before the age of 18")),
    ),
    key=("staff_id",), personal=True,
)

ASSIGNMENT = Table(
    "assignment", "Assignments",
    "A person in a role in a unit for a span, under one contract. A move, promotion or FTE "
    "change ends one assignment and starts another.",
    _cols(
        Column("assignment_id", "str", "Assignment number, unique in the organisation.", True),
        STAFF,
        Column("unit", "str", "Unit code.", True, ref="unit.code"),
        Column("post_id", "str", "Establishment post filled or covered.", ref="post.post_id"),
        Column("contract", "code", "Contract type.", True, c.CONTRACT),
        Column("staff_group", "code", "Staff group.", True, c.STAFF_GROUP),
        Column("org_role", "code", "CSWW role (social workers).", codes=c.ORG_ROLE),
        Column("job_title", "str", "Job title.", True),
        Column("grade", "str", "Pay grade."),
        Column("fte", "float", "Contracted hours ÷ standard hours (0 to 1).", True, min=0,
               max=1),
        Column("case_holder", "bool", "Holds cases in this role."),
        Column("start_date", "date", "First day in the assignment.", True),
        Column("end_date", "date", "Last day in the assignment; empty while ongoing."),
        Column("start_origin", "code", "CSWW start origin (new starters).",
               codes=c.START_ORIGIN),
        Column("leaving_reason", "code", "CSWW reason for leaving (leavers).",
               codes=c.REASON_LEAVE),
        Column("leaver_destination", "code", "CSWW leaver destination.",
               codes=c.LEAVER_DESTINATION),
        Column("agency", "str", "Agency name (agency workers)."),
        Column("hourly_charge", "float", "Agency hourly charge in pounds.", min=0),
        Column("project_team", "bool", "Part of a managed agency project team."),
    ),
    key=("assignment_id",), span=("start_date", "end_date"),
)

ABSENCE = Table(
    "absence", "Absences",
    "A span of absence with its CSWW reason and working days lost (FTE basis).",
    _cols(
        STAFF,
        Column("start_date", "date", "First day of absence.", True,
               past=Past("sick leave and unauthorised absence can only be recorded once they "
                         "have started (planned leave may start later)",
                         only=("reason", ("SIC", "UNA")))),
        Column("end_date", "date", "Last day of absence; empty while ongoing."),
        Column("reason", "code", "CSWW absence reason.", True, c.ABSENCE_REASON),
        Column("working_days_lost", "float", "Working days lost, FTE basis.", True, min=0,
               days_in_span=True),
    ),
    key=("staff_id", "start_date", "reason"), span=("start_date", "end_date"),
)

CASELOAD = Table(
    "caseload", "Caseloads",
    "Cases (children, each sibling separately) allocated to a person on a date.",
    _cols(
        STAFF,
        Column("date", "date", "Date of the snapshot.", True,
               past=Past("a caseload can only be counted on a day that has come")),
        Column("cases", "int", "Number of cases held.", True, min=0, max=500),
    ),
    key=("staff_id", "date"),
)

SUPERVISION = Table(
    "supervision", "Supervision sessions",
    "A recorded supervision session.",
    _cols(
        STAFF,
        Column("date", "date", "Date of the session.", True,
               past=Past("a supervision can only be recorded once it has happened")),
        Column("kind", "code", "Kind of supervision.", True, c.SUPERVISION_KIND),
        Column("supervisor_id", "str", "Staff number of the supervisor.", ref="person.staff_id"),
    ),
    key=("staff_id", "date", "kind"),
)

APPRAISAL = Table(
    "appraisal", "Appraisals",
    "An appraisal (PDR) or six-monthly check-in.",
    _cols(
        STAFF,
        Column("date", "date", "Date held or scheduled.", True,
               past=Past("an appraisal can only be completed once it has been held; one "
                         "still to come has the status scheduled",
                         only=("status", ("completed",)))),
        Column("kind", "code", "Annual appraisal or check-in.", True, c.APPRAISAL_KIND),
        Column("status", "code", "Status.", True, c.APPRAISAL_STATUS),
    ),
    key=("staff_id", "date", "kind"),
)

COURSE = Table(
    "course", "Courses",
    "A course in the learning catalogue.",
    _cols(
        Column("code", "str", "Course code.", True),
        Column("title", "str", "Course title.", True),
        Column("mandatory", "bool", "Required for the staff groups in `audience`.", True),
        Column("audience", "code", "Staff group that must hold it; empty for everyone.",
               codes=c.STAFF_GROUP),
        Column("validity_months", "int", "Months a completion stays valid; empty for ever.",
               min=1),
        Column("intervention_specific", "bool", "An intervention or practice-model course."),
    ),
    key=("code",),
)

TRAINING = Table(
    "training", "Training completions",
    "A person's completion of a course.",
    _cols(
        STAFF,
        Column("course", "str", "Course code.", True, ref="course.code"),
        Column("completed_date", "date", "Date completed.", True,
               past=Past("a course can only be recorded once it has been completed")),
        Column("expiry_date", "date", "Date the completion expires; empty if it never does."),
        Column("rating", "float", "Post-course rating out of 5.", min=0, max=5),
    ),
    key=("staff_id", "course", "completed_date"), span=("completed_date", "expiry_date"),
)

INDUCTION = Table(
    "induction", "Induction steps",
    "A completed induction step for a starter.",
    _cols(
        STAFF,
        Column("step", "code", "Induction step.", True, c.INDUCTION_STEP),
        Column("completed_date", "date", "Date completed.", True,
               past=Past("an induction step can only be recorded once it has been "
                         "completed")),
        Column("outcome", "code", "Outcome.", True, c.INDUCTION_OUTCOME),
    ),
    key=("staff_id", "step", "completed_date"),
)

PROGRAMME = Table(
    "programme", "Programmes (ASYE, apprenticeships, Step Up, aspiring managers...)",
    "A person's place on a development or entry programme.",
    _cols(
        STAFF,
        Column("kind", "code", "Programme.", True, c.PROGRAMME_KIND),
        Column("start_date", "date", "Start date.", True),
        Column("expected_end_date", "date", "Expected end date."),
        Column("end_date", "date", "Actual end date."),
        Column("outcome", "code", "Outcome.", True, c.PROGRAMME_OUTCOME),
        Column("standard", "str", "Apprenticeship standard or programme detail."),
    ),
    key=("staff_id", "kind", "start_date"), span=("start_date", "end_date"),
)
PLACE_ENDED_UNDATED = (pl.col("end_date").is_null()
                       & ~pl.col("outcome").is_in(c.PROGRAMME_ONGOING))
"""A programme place whose outcome ends it (completed, withdrawn, failed) with no end_date:
ended, on a day not known."""


def place_running(on: pl.Expr) -> pl.Expr:
    """A programme place not over by the date `on`: its end_date on or after it, or no
    end_date and an outcome still going on (`codes.PROGRAMME_ONGOING`)."""
    return ((pl.col("end_date").is_null() & pl.col("outcome").is_in(c.PROGRAMME_ONGOING))
            | (pl.col("end_date") >= on))


RECRUITMENT = Table(
    "recruitment", "Recruitment campaigns",
    "A campaign to fill a vacancy.",
    _cols(
        Column("campaign_id", "str", "Campaign reference.", True),
        Column("unit", "str", "Unit code.", True, ref="unit.code"),
        Column("post_id", "str", "Post being filled.", ref="post.post_id"),
        Column("staff_group", "code", "Staff group recruited.", True, c.STAFF_GROUP),
        Column("approved_date", "date", "Date the vacancy was approved.", True,
               past=Past("a vacancy can only be recorded once it has been approved")),
        Column("advertised_date", "date", "Date first advertised."),
        Column("applications", "int", "Applications received.", min=0),
        Column("offer_date", "date", "Date an offer was accepted.",
               past=Past("an offer can only be recorded once it has been accepted; leave "
                         "offer_date empty until then")),
        Column("start_date", "date", "Date the appointee started."),
        Column("outcome", "code", "Outcome.", True, c.RECRUITMENT_OUTCOME),
        Column("appointed_staff_id", "str", "Staff number of the appointee.",
               ref="person.staff_id"),
        Column("cost", "float", "Advertising, fees and other costs in pounds.", min=0),
    ),
    key=("campaign_id",),
)

INTERVIEW = Table(
    "interview", "Stay, movement and exit interviews",
    "A stay, movement or exit interview with up to three coded reasons.",
    _cols(
        STAFF,
        Column("kind", "code", "Kind of interview.", True, c.INTERVIEW_KIND),
        Column("date", "date", "Date held.", True,
               past=Past("an interview can only be recorded once it has been held")),
        Column("reason_1", "code", "Main reason.", codes=c.INTERVIEW_REASON),
        Column("reason_2", "code", "Second reason.", codes=c.INTERVIEW_REASON),
        Column("reason_3", "code", "Third reason.", codes=c.INTERVIEW_REASON),
        Column("would_return", "bool", "Would consider returning."),
    ),
    key=("staff_id", "kind", "date"),
)


def pay_snapshot(day: pl.Expr) -> pl.Expr:
    """Whether pay dated `day` is a gender pay-gap snapshot: 31 March, the snapshot date of
    public authorities (M36 and M36a read only these rows)."""
    return (day.dt.month() == 3) & (day.dt.day() == 31)


PAY = Table(
    "pay", "Pay snapshots",
    "Pay at a date: each 31 March snapshot, for gender pay-gap reporting, and pay on "
    "appointment, so that pay between snapshots is known.",
    _cols(
        STAFF,
        Column("snapshot_date", "date", "Date of the pay: 31 March for the gender pay-gap "
               "snapshot (M36 reads only 31 March rows), or the day pay was set (on "
               "appointment, a change), for the census's base salary.", True),
        Column("hourly_pay", "float", "Ordinary hourly pay in pounds.", True, min=0),
        Column("weekly_hours", "float", "Weekly working hours.", min=0, max=80),
        Column("bonus_12m", "float", "Bonus paid in the 12 months to the snapshot.", min=0),
        Column("full_pay", "bool", "Full-pay relevant employee (not on reduced pay for leave).",
               True),
        Column("base_salary", "float", "Annual base salary in pounds.", min=0),
    ),
    key=("staff_id", "snapshot_date"),
)

PAYMENT = Table(
    "payment", "Incentive payments",
    "A recruitment or retention incentive paid to a person.",
    _cols(
        STAFF,
        Column("kind", "code", "Kind of payment.", True, c.PAYMENT_KIND),
        Column("date", "date", "Date paid.", True),
        Column("amount", "float", "Amount in pounds.", True, min=0),
    ),
    key=("staff_id", "kind", "date"),
)

SURVEY_RESULT = Table(
    "survey_result", "Staff-survey results",
    "An aggregated survey score for a unit (never individual answers).",
    _cols(
        Column("unit", "str", "Unit code.", True, ref="unit.code"),
        Column("survey", "str", "Survey name.", True),
        Column("date", "date", "Date the survey closed.", True),
        Column("theme", "code", "Theme or index.", True, c.SURVEY_THEME),
        Column("respondents", "int", "Number of respondents.", True, min=0),
        Column("favourable_pct", "float", "Percentage favourable (0 to 100).", True, min=0,
               max=100, percent=True),
    ),
    key=("unit", "survey", "theme"),
)

ALLOCATION = Table(
    "allocation", "Case allocations",
    "A child's allocation to a worker, for changes of social worker per child.",
    _cols(
        Column("child_id", "str", "Pseudonymous child identifier (never a name or NHS number).",
               True),
        STAFF,
        Column("start_date", "date", "First day allocated.", True),
        Column("end_date", "date", "Last day allocated; empty while allocated."),
        Column("looked_after", "bool", "The child was looked after during the allocation."),
    ),
    key=("child_id", "staff_id", "start_date"), span=("start_date", "end_date"),
)

REGISTER = Table(
    "register", "Register of events",
    "A dated organisational event that measures count: HR cases, compliments and complaints, "
    "case audits, practice observations, recruitment events, course evaluations, health and "
    "safety incidents and audits.",
    _cols(
        Column("event_id", "str", "Reference, unique in the organisation.", True),
        Column("kind", "code", "Kind of event.", True, c.REGISTER_KIND),
        Column("date", "date", "Date of the event (or opened).", True,
               past=Past("an HR case, compliment, complaint or health and safety incident "
                         "can only be recorded once it has happened",
                         only=("kind", ("hr_case", "compliment", "complaint",
                                        "hs_incident")))),
        Column("end_date", "date", "Date closed (HR cases, audit actions)."),
        Column("unit", "str", "Unit code.", ref="unit.code"),
        Column("staff_id", "str", "Person concerned (observations, HR cases).",
               ref="person.staff_id"),
        Column("category", "str",
               "Detail: HR case type, audit grade (outstanding, good, requires_improvement, "
               "inadequate), evaluation interval in months, course code."),
        Column("value", "float", "A number: rating, attendees, actions."),
        Column("on_time", "bool", "Actions closed on time (health and safety)."),
    ),
    key=("event_id",), span=("date", "end_date"),
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        ORGANISATION, UNIT, POST, PERSON, ASSIGNMENT, ABSENCE, CASELOAD, SUPERVISION,
        APPRAISAL, COURSE, TRAINING, INDUCTION, PROGRAMME, RECRUITMENT, INTERVIEW, PAY,
        PAYMENT, SURVEY_RESULT, ALLOCATION, REGISTER,
    )
}
"""All tables, in an order where every table comes after the tables it refers to."""


def table(name: str) -> Table:
    """Return the table called `name`, or raise KeyError listing the known tables."""
    try:
        return TABLES[name]
    except KeyError:
        raise KeyError(f"Unknown table {name!r}; known tables: {', '.join(TABLES)}") from None


@dataclass(frozen=True)
class Ref:
    table: str
    column: str


def parse_ref(ref: str) -> Ref:
    name, _, col = ref.partition(".")
    return Ref(name, col or TABLES[name].key[0])


__all__ = ["Column", "Past", "Since", "Table", "TABLES", "table", "parse_ref"]
