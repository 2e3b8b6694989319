"""What demo navigators, supervisors and victim liaison officers write in the casework.

Kept apart from the planner so the prose can be read (and improved) in one place. Notes
are marked fact or opinion (Data Protection Act 2018 s38(2)): facts say what happened or
was said; opinions are the navigator's professional view, worded as such. Every place,
service and person named here is fictional.
"""

from __future__ import annotations

from checkpoint.domain.needs import Pathway
from checkpoint.web.demo.staff import NORTH, SOUTH

OFFICE: dict[str, str] = {
    NORTH: "Checkpoint office, Northtown police station",
    SOUTH: "Checkpoint office, Southvale police station",
}
"""Where navigators meet people (fictional)."""
OTHER_VENUES: dict[str, tuple[str, ...]] = {
    NORTH: ("Northtown library, meeting room 2", "Northtown Community Centre"),
    SOUTH: ("Southvale Youth and Community Hub", "Southvale library, interview room"),
}

FIRST_MEETING_DETAILS = "First meeting: explain Checkpoint, assess needs and agree next steps."
MEETING_DETAILS = (
    "Review progress with the contract.",
    "Check in and review the conditions.",
    "Progress review.",
    "",
    "",
)
OFFER_DETAILS = "Go through the contract before it is offered."
SIGN_DETAILS = "Sign the contract."
FINAL_DETAILS = "Final review: end-of-contract needs assessment and self-report."

# Reasons people give for missing or being late (acceptable, then not acceptable).
MISSED_ACCEPTED = (
    "Unwell on the day; sent a text that morning.",
    "The bus did not turn up; phoned the office before the appointment.",
    "Childcare fell through at the last minute; rang to explain.",
    "Had a hospital appointment the same morning (letter seen).",
    "A family emergency; phoned the same day.",
)
MISSED_NOT_ACCEPTED = (
    "None given.",
    "Said they forgot.",
    "Said they overslept.",
    "Said they did not feel like coming.",
    "Said they were at a friend's and lost track of time.",
)
LATE_ACCEPTED = (
    "The bus was late; arrived 15 minutes after the start.",
    "Roadworks held up the bus; arrived 20 minutes late.",
)
LATE_NOT_ACCEPTED = (
    "Overslept; arrived 40 minutes late.",
    "Arrived 35 minutes late with no explanation.",
)
MOVED = (
    "The person asked to move it: they start a new job that week.",
    "The person has a hospital appointment at that time.",
    "The navigator is on leave that day; moved to the next free slot.",
    "The person asked to move it: they are looking after a relative that day.",
    "The meeting room is not available; moved to the next day.",
)
REBOOKED = (
    "Rebooked after the missed appointment; reminder to be sent by text the day before.",
    "Rebooked after the missed appointment at a time the person said suits them better.",
)

FIRST_MEETING_NOTE = (
    "First meeting. Explained how Checkpoint works, what a contract involves and that taking "
    "part is voluntary. Completed the needs assessment and the self-report together."
)
FIRST_MEETING_OPINIONS = (
    "Seemed nervous at first but relaxed once the scheme was explained. Appears keen to take "
    "part and avoid a court appearance.",
    "Open about what led to the offence and appears motivated to make changes.",
    "Quiet and guarded today; may need time to trust the process. Will keep the next meetings "
    "short and practical.",
)
OFFER_NOTE = (
    "Went through each condition of the approved contract and what happens if it is not kept. "
    "Gave a copy to read before signing."
)
SIGN_NOTE = (
    "Contract read through again and signed. The person said they understood each condition "
    "and the consequences of not keeping it. Copy given."
)
MEETING_FACTS = (
    "Reviewed progress with each condition. No problems reported.",
    "Reviewed the contract conditions; all on track. Next meeting booked.",
    "Discussed progress with the agreed support. Says the sessions are helping.",
    "Went through the dates still to come under the contract; wrote them on a card for them.",
    "Talked through how things are at home and at work. No new concerns raised.",
    "Checked the community work arrangements for the coming weeks.",
)
MEETING_OPINIONS = (
    "Engaging well and seems motivated to complete the contract.",
    "Appears more settled than at the start of the contract.",
    "Seemed tired and low today. Will check in by phone before the next meeting.",
    "Motivation seems to have dipped since the last meeting; agreed a clear plan for the "
    "next two weeks.",
    "Presents as confident about finishing the contract; progress supports this.",
)
CONTACT_NOTES = (
    "Phoned to remind them of the next appointment; confirmed they will attend.",
    "Phoned to check how the week has gone. No problems reported.",
    "Text reminder sent for the next appointment; reply received confirming.",
    "Returned their call about the appointment time; no change needed.",
    "Phoned to see how the sessions with the service are going; says they are finding them useful.",
)
AFTER_MISSED = "Phoned after the missed appointment. Reason given: {reason} New appointment agreed."
NO_ANSWER = "Phoned twice after the missed appointment; no answer. Reminder letter sent."
ARRESTED_NOTE = (
    "Custody record shows an arrest on {day} for {offence}. Told the supervisor; breach to be "
    "considered."
)
FINAL_OPINIONS = (
    "Has kept every condition and engaged well throughout. Much more settled than at the start.",
    "Completed the contract with some prompting early on; now has support in place that should "
    "continue after Checkpoint.",
    "Worked hard on the contract. The support started through Checkpoint is due to continue.",
)
WITHDRAW_NOTES = {
    "decline": "Came in to sign but said they no longer want to take part. Explained that the "
    "case will go back to the usual process. Supervisor informed.",
    "no_show": "Third appointment to sign the contract missed. Supervisor informed; case to be "
    "withdrawn.",
}

# Contract drafting and approval.
REFUSAL_NOTES = (
    "Please give the community work a due date that leaves time to fit the hours around their job.",
    "Too many conditions for a first offence of this kind: please drop one and redraft.",
    "The pathway conditions do not match the needs assessment: please check and redraft.",
)
REDRAFT_REASON = "Redrafted after the supervisor's comments."
APPROVAL_NOTES = (
    "",
    "",
    "Approved. The conditions are proportionate to the offence.",
    "Approved. Good match with the needs assessment.",
)
ADJUSTMENTS = (
    "Read through aloud; the person finds reading difficult.",
    "Explained with the help of a telephone interpreter (Polish).",
    "Large-print copy provided.",
)

# Needs: what a navigator notes about a pathway with a need.
NEED_NOTES: dict[Pathway, tuple[str, ...]] = {
    Pathway.ALCOHOL: (
        "Drinks heavily at weekends; the offence followed a night out.",
        "Says drinking has increased since losing their job.",
    ),
    Pathway.DRUGS: (
        "Uses cannabis most days; wants to cut down.",
        "Occasional cocaine use at weekends; linked to the offence.",
        "Daily cannabis use to manage sleep; open to support.",
    ),
    Pathway.HOUSING: (
        "Sofa-surfing with friends since leaving the family home.",
        "Behind with rent; worried about an eviction notice.",
    ),
    Pathway.MENTAL_HEALTH: (
        "Reports low mood and anxiety; not currently seeing anyone.",
        "Diagnosed with depression last year; stopped taking medication.",
    ),
    Pathway.SEXUAL_EXPLOITATION: (
        "Disclosed exploitation by an older acquaintance; safeguarding referral already made.",
    ),
    Pathway.PHYSICAL_HEALTH: (
        "Not registered with a GP since moving to the area.",
        "Long-standing back pain; not registered with a GP.",
    ),
    Pathway.FINANCES: (
        "Rent arrears and a payday loan; struggling to budget.",
        "Benefits stopped after a missed appointment; no income at present.",
    ),
    Pathway.EMPLOYMENT: (
        "Out of work for six months; interested in a construction course.",
        "Left school with no qualifications; would like help finding work.",
    ),
    Pathway.RELATIONSHIPS: (
        "Frequent arguments at home; wants support to manage conflict.",
        "Recently separated; finding it hard to see their children.",
    ),
}
NO_NEEDS_SUMMARY = "No significant needs identified; the offence appears to be out of character."
END_SUMMARY = "Reviewed each pathway at the end of the contract. {better}"
END_BETTER = (
    "Clear progress on the main needs.",
    "Some progress; support will carry on after Checkpoint.",
    "Needs have reduced; no new concerns.",
)

# Referrals to services.
SHARED_INFORMATION = (
    "Name, date of birth, phone number and address; that they are taking part in a police "
    "diversion scheme; and the reason for this referral."
)
REFERRAL_REASONS: dict[Pathway, str] = {
    Pathway.ALCOHOL: "Wants help to cut down drinking, which is linked to the offence.",
    Pathway.DRUGS: "Wants support with drug use, which is linked to the offence.",
    Pathway.HOUSING: "Needs advice about their housing situation.",
    Pathway.MENTAL_HEALTH: "Low mood and anxiety; wants someone to talk to.",
    Pathway.SEXUAL_EXPLOITATION: "Specialist support after exploitation.",
    Pathway.PHYSICAL_HEALTH: "Needs to register with a GP and have a health check.",
    Pathway.FINANCES: "Help with debts and budgeting.",
    Pathway.EMPLOYMENT: "Wants help into work or training.",
    Pathway.RELATIONSHIPS: "Support to manage conflict at home.",
}
REFERRAL_DECLINED = (
    "The service has no places until next month and suggested its drop-in instead.",
    "The person decided not to take up the place after all.",
)
REFERRAL_COMPLETED = "Completed {sessions}; the service has closed the referral."
REFERRAL_ENDED = "The case has left Checkpoint, so the referral is no longer needed."

# Contract evidence.
EVIDENCE_NOTES: dict[str, str] = {
    "apology_letter": "Letter of apology received and checked; passed to victim liaison for "
    "the victim.",
    "reparation": "Victim liaison confirmed the reparation was made as agreed.",
    "restorative_meeting": "The restorative justice facilitator confirmed the meeting took place.",
    "gp_registration": "The GP practice confirmed registration.",
}
SESSION_NOTE = "Attendance confirmed by {who}."
MISSED_SESSION_NOTE = "The service reported the session was missed."
TAG_NOTE = "From the monitoring provider's weekly report."
PLACEMENTS: dict[str, tuple[tuple[str, str], ...]] = {
    NORTH: (
        ("Northtown Community Garden (demo placement)", "Jean Hetherington, placement supervisor"),
        ("Northtown Food Bank warehouse (demo placement)", "Alan Proud, warehouse manager"),
        ("Riverside Park clean-up team (demo placement)", "Kath Welsh, team leader"),
    ),
    SOUTH: (
        ("Southvale Community Allotments (demo placement)", "Derek Lumsden, site manager"),
        ("St Aidan's Church Hall (demo placement)", "Margaret Elliott, hall warden"),
        ("Southvale Canal Trust volunteers (demo placement)", "Gary Shields, volunteer lead"),
    ),
}
COURSE_PLACES: dict[str, str] = {
    "drug_awareness": "Drug awareness course, {hub}",
    "alcohol_awareness": "Alcohol awareness course, {hub}",
    "victim_awareness": "Victim awareness course, {office}",
}
HUB: dict[str, str] = {NORTH: "North Recovery Hub (demo)", SOUTH: "South Recovery Hub (demo)"}
PSYCHOLOGIST = "Checkpoint psychologist, {office}"

# Breach evidence.
BREACH_SUMMARIES = {
    "appointments": "Did not attend navigator appointments on {days} and gave no reasonable "
    "excuse. Reminders were sent before each, and a letter after the second.",
    "treatment": "Has not attended the booked sessions with {service} on {days} and gave no "
    "reasonable excuse. The service has now closed the place.",
    "hours": "Has done {done} of {target} hours of community work and missed the sessions on "
    "{days} without a reasonable excuse.",
    "offence": "Arrested on {day} for {offence}, committed during the contract. Custody record "
    "attached.",
}

# Victims (fictional contact details: Ofcom drama numbers, example.com addresses).
VICTIM_VIEWS_SUPPORT = (
    "Wants the person to understand the harm caused. Supports diversion if they stick to it.",
    "Would like to move on. Happy for the person to be dealt with by Checkpoint.",
    "Mainly wants the damage put right; supports an out-of-court outcome.",
)
VICTIM_VIEWS_OPPOSE = (
    "Would rather see a prosecution, but understands why Checkpoint was chosen.",
    "Unhappy that the case will not go to court; wants to be kept informed.",
)
RESTORATIVE_WISHES: dict[str, tuple[str, ...]] = {
    "none": ("",),
    "letter_of_apology": ("Would like a letter saying sorry.", "Would accept a written apology."),
    "reparation": (
        "Would like the cost of the damage paid (about £60).",
        "Would like the stolen items paid for.",
    ),
    "restorative_meeting": (
        "Would like to meet the person, with a facilitator, to explain the effect the offence had.",
    ),
    "other": ("Would like the person to do something for the local community.",),
}
REPARATION_WHAT = (
    "pay £60 towards the repair of the damage",
    "pay back the value of the items taken (£45)",
    "repair the fence you damaged, with the owner's agreement",
)
CONTACT_NOTES_VICTIM = (
    "",
    "",
    "Prefers contact after 5pm.",
    "Please do not leave voicemail messages.",
)
VICTIM_UPDATES: dict[str, str] = {
    "active": "Told that the person signed a Checkpoint contract on {day} and what its "
    "conditions are, including the restorative step they asked for.",
    "completed": "Told that the person completed the contract on {day}, so there will be no "
    "prosecution for the offence.",
    "referred_for_prosecution": "Told that the contract was ended on {day} and the case has "
    "been referred for a charging decision.",
    "withdrawn": "Told that the case left Checkpoint on {day} and will be dealt with in the "
    "usual way.",
}
STREETS = (
    "Example Terrace",
    "Example Crescent",
    "Example Grove",
    "Example Walk",
    "Example Gardens",
)
