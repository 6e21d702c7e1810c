"""The words of the demo strategy: themes, objectives, actions, feedback and commentary.

Dates are not here: `demo.py` places each action relative to the strategy's start, so the demo
stays current whatever day it is built. An action's `months` are (start, due) in months from
the strategy's start; its `state` forces a story the dates alone would not tell ("late": still
in progress after its due date; "blocked"; "slow": not started after its start date;
"cancelled").
"""

from __future__ import annotations

from dataclasses import dataclass

THEMES = (
    ("Leadership and culture", "Visible, supportive leadership and a learning culture.", (
        "Staff feel heard and valued by senior leaders",
        "Managers have the skills to support and retain their teams",
    )),
    ("Our workforce", "Recruiting and keeping a stable, permanent workforce.", (
        "A permanent workforce with fewer agency workers and vacancies",
        "Caseloads that let social workers do good work",
        "Recruitment that is quick and reaches new people",
    )),
    ("Learning and development", "Growing our own and developing everyone.", (
        "Every new starter is inducted and supported",
        "Clear routes into and through social work",
        "Practice improves through supervision and learning",
    )),
    ("Wellbeing and recognition", "Looking after the people who look after children.", (
        "Lower sickness absence and better wellbeing",
        "People are recognised and rewarded",
    )),
)


@dataclass(frozen=True)
class DemoAction:
    theme: int
    objective: int
    title: str
    owner_name: str
    months: tuple[int, int]
    state: str = ""
    owner: str = "lead"


ACTIONS = (
    DemoAction(0, 0, "Hold quarterly listening events led by the Director", "Director of "
               "children's services", (0, 6)),
    DemoAction(0, 0, "Publish 'you said, we did' after every staff survey", "Workforce lead",
               (1, 4)),
    DemoAction(0, 0, "Set up a staff reference group for the strategy", "Principal social worker",
               (0, 3)),
    DemoAction(0, 1, "Launch the aspiring managers programme", "Head of learning", (3, 12)),
    DemoAction(0, 1, "Train all team managers in supportive supervision", "Principal social "
               "worker", (6, 18), "late"),
    DemoAction(0, 1, "Introduce 360-degree feedback for senior managers", "Workforce lead",
               (12, 20), "slow"),
    DemoAction(0, 0, "Run a culture and values week each spring", "Workforce lead", (10, 34)),
    DemoAction(0, 1, "Agree a leadership behaviours framework with staff", "Director of "
               "children's services", (18, 26)),
    DemoAction(0, 0, "Refresh the staff recognition awards", "Workforce lead", (20, 28)),
    DemoAction(0, 1, "Pair every new manager with a mentor", "Head of service", (24, 33),
               owner="manager"),
    DemoAction(1, 0, "Agree a market supplement for hard-to-fill teams", "Head of HR", (0, 4)),
    DemoAction(1, 0, "Offer agency workers a route to permanent posts", "Head of service",
               (2, 10), owner="manager"),
    DemoAction(1, 0, "Join the regional memorandum of understanding on agency rates",
               "Workforce lead", (1, 5)),
    DemoAction(1, 0, "Review every agency assignment longer than six months", "Head of service",
               (6, 30), "blocked", owner="manager"),
    DemoAction(1, 1, "Set caseload limits by role and monitor them monthly", "Head of service",
               (3, 9), owner="manager"),
    DemoAction(1, 1, "Add family support workers to the assessment teams", "Head of service",
               (9, 21), "late", owner="manager"),
    DemoAction(1, 2, "Launch the recruitment microsite and campaign", "Head of HR", (0, 5)),
    DemoAction(1, 2, "Cut time to hire with a monthly assessment centre", "Head of HR",
               (4, 12)),
    DemoAction(1, 2, "Attend four university and recruitment fairs a year", "Workforce lead",
               (6, 34)),
    DemoAction(1, 2, "Introduce stay interviews for critical roles", "Head of HR", (8, 16),
               "cancelled"),
    DemoAction(1, 0, "Build a relief pool of returning social workers", "Workforce lead",
               (22, 30), "slow"),
    DemoAction(1, 1, "Pilot a four-day week in one safeguarding team", "Head of service",
               (26, 35), owner="manager"),
    DemoAction(2, 0, "Redesign corporate induction (Day 1 and Day 2)", "Head of learning",
               (0, 6)),
    DemoAction(2, 0, "Give every starter a buddy for their first three months",
               "Principal social worker", (3, 9)),
    DemoAction(2, 1, "Take on social work degree apprentices every September",
               "Head of learning", (5, 36)),
    DemoAction(2, 1, "Offer Step Up to Social Work placements", "Head of learning", (8, 20)),
    DemoAction(2, 1, "Publish career pathways from NQSW to advanced practitioner",
               "Principal social worker", (6, 14), "late"),
    DemoAction(2, 2, "Audit supervision quality twice a year", "Principal social worker",
               (4, 34)),
    DemoAction(2, 2, "Run a practice week every year", "Principal social worker", (10, 34)),
    DemoAction(2, 2, "Move mandatory training onto the new learning platform",
               "Head of learning", (12, 20), "blocked"),
    DemoAction(2, 0, "Add an ASYE academy with protected caseloads", "Principal social worker",
               (18, 27)),
    DemoAction(2, 2, "Evaluate the impact of intervention training at 6 months",
               "Head of learning", (24, 32), "slow"),
    DemoAction(3, 0, "Train mental health first aiders in every service", "Head of HR",
               (0, 8)),
    DemoAction(3, 0, "Offer trauma-informed reflective groups", "Principal social worker",
               (4, 16)),
    DemoAction(3, 0, "Review the attendance policy with the trade unions", "Head of HR",
               (8, 18), "late"),
    DemoAction(3, 1, "Introduce long-service and thank-you awards", "Workforce lead", (6, 12)),
    DemoAction(3, 1, "Benchmark pay against neighbouring councils", "Head of HR", (10, 16)),
    DemoAction(3, 0, "Give hybrid working guidance to every team", "Head of service",
               (14, 20), owner="manager"),
    DemoAction(3, 1, "Publish a wellbeing offer for agency and permanent staff alike",
               "Workforce lead", (20, 26)),
    DemoAction(3, 0, "Survey wellbeing every quarter with a short pulse", "Workforce lead",
               (24, 36)),
)

FEEDBACK = (
    ("Staff survey", "Caseloads are too high to do direct work with children.",
     "We set caseload limits by role and added family support workers.", (14, 15)),
    ("Listening event", "We hardly ever see senior leaders.",
     "The Director now holds quarterly listening events in every service.", (0,)),
    ("Exit interviews", "There is no clear route to progress without becoming a manager.",
     "We published career pathways up to advanced practitioner.", (26,)),
    ("Staff survey", "New starters feel lost in their first weeks.",
     "Every starter now has a buddy and a two-day corporate induction.", (22, 23)),
    ("Practice week", "Supervision is about caseload management, not reflection.",
     "We are training all team managers in supportive supervision.", (4, 27)),
    ("Pulse survey", "Agency colleagues are left out of wellbeing support.",
     "The wellbeing offer now covers agency and permanent staff alike.", (38,)),
)

COMMENTARY = {
    "Leadership and culture": "Listening events are well attended; the supervision training "
                              "is behind plan because of trainer availability.",
    "Our workforce": "Agency use is falling; vacancies in the assessment teams remain the main "
                     "risk. Time to hire has improved since the assessment centre started.",
    "Learning and development": "Induction is on track. The learning platform migration is "
                                "blocked on the procurement decision.",
    "Wellbeing and recognition": "Sickness absence is broadly stable; the attendance policy "
                                 "review has slipped to next quarter.",
}

UPDATES = (
    "Kick-off meeting held and scope agreed with the service leads.",
    "First phase delivered; feedback gathered from the teams involved.",
    "Evaluation written up and shared with the workforce board.",
)
