"""Code lists used by the ledger.

The CSWW lists are DfE's census codes (see docs/glossary.md and the census technical
specification); the others are the product's own and say so. Each list maps code -> label.
"""

from __future__ import annotations

# --- DfE children's social work workforce census (CSWW) code lists -----------------------

ORG_ROLE = {
    "1": "Senior manager",
    "2": "Middle manager",
    "3": "First line manager",
    "4": "Senior practitioner",
    "5": "Case holder",
    "6": "Qualified without cases",
}

ETHNICITY = {
    "WBRI": "White British",
    "WIRI": "White Irish",
    "WOTH": "Any other White background",
    "MWBC": "White and Black Caribbean",
    "MWBA": "White and Black African",
    "MWAS": "White and Asian",
    "MOTH": "Any other Mixed background",
    "AIND": "Indian",
    "APKN": "Pakistani",
    "ABAN": "Bangladeshi",
    "AOTH": "Any other Asian background",
    "BCRB": "Black Caribbean",
    "BAFR": "Black African",
    "BOTH": "Any other Black background",
    "CHNE": "Chinese",
    "OOTH": "Any other ethnic group",
    "REFU": "Refused",
    "NOBT": "Information not yet obtained",
}

# DfE major groups; Chinese sits with Asian as in the current CSWW publication.
ETHNICITY_GROUP = {
    **dict.fromkeys(["WBRI", "WIRI", "WOTH"], "White"),
    **dict.fromkeys(["MWBC", "MWBA", "MWAS", "MOTH"], "Mixed"),
    **dict.fromkeys(["AIND", "APKN", "ABAN", "CHNE", "AOTH"], "Asian"),
    **dict.fromkeys(["BCRB", "BAFR", "BOTH"], "Black"),
    "OOTH": "Other",
    **dict.fromkeys(["REFU", "NOBT"], "Not known"),
}

START_ORIGIN = {
    "1": "Newly qualified social worker",
    "2": "Social work role in a different local authority in England",
    "3": "Social work role outside England",
    "4": "Agency or consultancy in social work (England)",
    "5": "Other social work role, non-local authority (England)",
    "6": "Other social care role, local authority or not (England)",
    "7": "Non-social care role, any role outside England, no employment or career break",
    "8": "Other",
    "9": "Not known",
    "10": "Not yet collected",
}

LEAVER_DESTINATION = {
    "1": "Social work role in a different local authority in England",
    "2": "Social work role outside England",
    "3": "Agency or consultancy in social work (England)",
    "4": "Other social work role, non-local authority (England)",
    "5": "Other social care role, local authority or not (England)",
    "6": "Non-social care role, any role outside England, no employment or career break",
    "7": "Other",
    "8": "Not known",
    "9": "Not yet collected",
}

REASON_LEAVE = {
    "1": "Resignation",
    "2": "Voluntary redundancy",
    "3": "Compulsory redundancy",
    "4": "Dismissed",
    "5": "Retired",
    "6": "Deceased",
    "7": "Moved to a non-child and family social work role within the local authority",
    "8": "Other",
    "9": "Not known",
    "10": "Not yet collected",
}

ABSENCE_REASON = {
    "SIC": "Sick leave",
    "MAT": "Maternity, paternity or adoption leave",
    "OTH": "Other paid authorised absence",
    "PUB": "Paid absence for public duties",
    "TRN": "Training",
    "UNA": "Unauthorised absence",
    "UNP": "Unpaid authorised absence",
}

QUAL_LEVEL = {"1": "Under-graduate", "2": "Post-graduate", "3": "Other"}

# --- The product's own code lists ----------------------------------------------------------

SEX = {"F": "Female", "M": "Male", "U": "Not known or not specified"}
DISABILITY = {"Y": "Disabled", "N": "Not disabled", "U": "Not known or prefer not to say"}

UNIT_KIND = {"directorate": "Directorate", "service": "Service", "team": "Team"}

STAFF_GROUP = {
    "social_worker": "Registered child and family social worker",
    "unqualified_practitioner": "Social work assistant or other unqualified practitioner",
    "early_help": "Early help or family support worker",
    "business_support": "Business support",
    "other": "Other staff",
}

CONTRACT = {
    "permanent": "Permanent employee",
    "fixed_term": "Fixed-term employee",
    "agency": "Agency worker (not paid directly by the council)",
    "apprentice": "Apprentice employee",
    "secondment": "Seconded in",
    "casual": "Casual or zero-hours",
}
# Contracts under which the council pays the worker directly (DfE "non-agency").
DIRECT_CONTRACTS = ("permanent", "fixed_term", "apprentice", "secondment", "casual")

QUAL_ROUTE = {
    "undergraduate": "University undergraduate degree",
    "postgraduate": "University postgraduate degree",
    "apprenticeship": "Social work degree apprenticeship",
    "step_up": "Step Up to Social Work",
    "frontline": "Frontline",
    "think_ahead": "Think Ahead",
    "overseas": "Qualified outside England",
    "none": "Not a qualified social worker",
}

SUPERVISION_KIND = {
    "individual": "One-to-one supervision",
    "group": "Group supervision",
    "reflective": "Reflective or clinical supervision",
}

APPRAISAL_KIND = {"annual": "Annual appraisal", "checkin": "Six-monthly check-in"}
APPRAISAL_STATUS = {"completed": "Completed", "scheduled": "Scheduled", "cancelled": "Cancelled"}

INDUCTION_STEP = {
    "corporate_day1": "Corporate induction day 1",
    "corporate_day2": "Corporate induction day 2",
    "local": "Local (service) induction",
    "probation": "Probation review",
}
INDUCTION_OUTCOME = {"completed": "Completed", "passed": "Passed", "extended": "Extended",
                     "failed": "Failed"}

PROGRAMME_KIND = {
    "asye": "Assessed and Supported Year in Employment (ASYE)",
    "ecdp": "Early Career Development Programme",
    "sw_apprenticeship": "Social work degree apprenticeship (Level 6)",
    "other_apprenticeship": "Other apprenticeship",
    "step_up": "Step Up to Social Work",
    "frontline": "Frontline",
    "aspiring_managers": "Aspiring managers or leaders programme",
}
PROGRAMME_OUTCOME = {
    "in_progress": "In progress",
    "completed": "Completed",
    "withdrawn": "Withdrawn",
    "failed": "Did not pass",
    "paused": "Paused",
}
PROGRAMME_ONGOING = ("in_progress", "paused")
"""Outcomes of a place still going on; the others (completed, withdrawn, failed) end it. A
place with no end_date runs on only while its outcome is one of these (`tables.place_running`,
`tables.PLACE_ENDED_UNDATED`: the measures and the import's check of overlapping places)."""

RECRUITMENT_OUTCOME = {
    "open": "Open",
    "appointed": "Appointed",
    "not_appointed": "Not appointed",
    "withdrawn": "Withdrawn",
}

INTERVIEW_KIND = {"stay": "Stay interview", "exit": "Exit interview",
                  "movement": "Movement interview"}
INTERVIEW_REASON = {
    "workload": "Workload or caseload",
    "pay": "Pay and reward",
    "management": "Management and support",
    "career": "Career progression",
    "flexibility": "Flexible working",
    "wellbeing": "Wellbeing or stress",
    "culture": "Culture and values",
    "relocation": "Moving away",
    "travel": "Travel or location",
    "agency": "Better-paid agency work",
    "retirement": "Retirement",
    "learning": "Learning and development",
    "other": "Other",
}

PAYMENT_KIND = {
    "golden_hello": "Golden hello",
    "market_supplement": "Market supplement",
    "nqsw": "Newly qualified social worker payment",
    "retention": "Retention payment",
    "refer_a_friend": "Refer-a-friend payment",
    "relocation": "Relocation payment",
    "other": "Other incentive",
}

SURVEY_THEME = {
    "engagement": "Engagement index",
    "wellbeing": "Wellbeing",
    "induction": "Induction satisfaction",
    "supervision": "Supervision quality",
    "workload": "Manageable workload",
}

REGISTER_KIND = {
    "hr_case": "Formal HR case (disciplinary, grievance, capability, attendance)",
    "compliment": "Compliment",
    "complaint": "Complaint",
    "case_audit": "Case audit",
    "practice_observation": "Practice observation",
    "recruitment_event": "Recruitment event",
    "course_evaluation": "Course evaluation",
    "hs_incident": "Health and safety incident",
    "hs_audit": "Health and safety audit",
}
