"""Eligibility rules as small named objects (design.md habit 4) and the engine that runs them.

Each rule checks one criterion of the policy and returns a result with a stable code, a
sentence for the officer, a sentence for the person and the policy clause it implements.
All rules run and every failure is reported, never just the first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from .clocks import add_months, contract_end, limitation_check, s127_last_date
from .errors import DomainError
from .offences import ModeOfTrial, OffenceFamily
from .policy import DomesticPolicy, Policy
from .screening import (
    Admission,
    Approval,
    DomesticRiskGrade,
    OffenceFacts,
    OffenceInput,
    Outcome,
    RuleResult,
    RuleStatus,
    ScreeningInput,
    ScreeningResult,
)


class UnknownOffence(DomainError):
    """The referral names offence codes the catalogue does not hold."""


@dataclass(frozen=True)
class Context:
    """What a rule sees: the input, the policy and each offence with its catalogue facts."""

    facts: ScreeningInput
    policy: Policy
    offences: tuple[tuple[OffenceInput, OffenceFacts], ...]


class Rule:
    """Base for a rule: a name, a policy clause, and `check`."""

    name: str = ""
    clause: str = ""

    def applies(self, policy: Policy) -> bool:
        """Return whether the policy switches this rule on."""
        return True

    def check(self, ctx: Context) -> RuleResult:
        """Return the rule's finding."""
        raise NotImplementedError

    def result(
        self, code: str, status: RuleStatus, officer: str, person: str, **extra: object
    ) -> RuleResult:
        """Build a result carrying this rule's name and clause."""
        return RuleResult(
            code=f"{self.name}.{code}",
            rule=self.name,
            status=status,
            officer=officer,
            person=person,
            clause=self.clause,
            **extra,  # type: ignore[arg-type]
        )

    def passed(self, officer: str) -> RuleResult:
        """Build a pass."""
        return self.result("met", RuleStatus.PASS, officer, "")

    def unknown(self, question: str, officer: str) -> RuleResult:
        """Build a 'needs information' result with the question that settles it."""
        return self.result(
            "not_known",
            RuleStatus.NEEDS_INFORMATION,
            officer,
            "We need a little more information before we can decide.",
            questions=(question,),
        )


def _age_on(born: date, day: date) -> int:
    return relativedelta(day, born).years


class MinimumAge(Rule):
    name, clause = "age", "person.minimum_age / person.maximum_age"

    def check(self, ctx: Context) -> RuleResult:
        born = ctx.facts.person.date_of_birth
        rules = ctx.policy.person
        if born is None:
            return self.unknown(
                "What is the person's date of birth?", "The date of birth is not recorded."
            )
        age = _age_on(born, ctx.facts.decision_date)
        if age < rules.minimum_age:
            return self.result(
                "under_minimum",
                RuleStatus.FAIL,
                f"The person is {age}; the scheme starts at {rules.minimum_age}.",
                f"The scheme is for people aged {rules.minimum_age} or over.",
            )
        if rules.maximum_age is not None and age > rules.maximum_age:
            return self.result(
                "over_maximum",
                RuleStatus.FAIL,
                f"The person is {age}; the scheme ends at {rules.maximum_age}.",
                f"The scheme is for people aged up to {rules.maximum_age}.",
            )
        return self.passed(f"Aged {age}.")


class LivesInForceArea(Rule):
    name, clause = "residence", "person.must_live_in_force_area"

    def applies(self, policy: Policy) -> bool:
        return policy.person.must_live_in_force_area

    def check(self, ctx: Context) -> RuleResult:
        lives = ctx.facts.person.lives_in_force_area
        if lives is None:
            return self.unknown(
                "Does the person live in the force area?", "Where the person lives is not recorded."
            )
        if not lives:
            return self.result(
                "outside_area",
                RuleStatus.FAIL,
                "The person lives outside the force area.",
                "The scheme is for people who live in this police force's area, because the "
                "support it offers is local.",
            )
        return self.passed("Lives in the force area.")


class OffenceInForceArea(Rule):
    name, clause = "offence_area", "offences.in_force_area"

    def applies(self, policy: Policy) -> bool:
        return policy.offences.in_force_area

    def check(self, ctx: Context) -> RuleResult:
        unknown = [f.title for i, f in ctx.offences if i.in_force_area is None]
        outside = [f.title for i, f in ctx.offences if i.in_force_area is False]
        if outside:
            return self.result(
                "outside_area",
                RuleStatus.FAIL,
                f"Committed outside the force area: {', '.join(outside)}.",
                "The offence happened outside this force's area, so another force deals with it.",
            )
        if unknown:
            return self.unknown(
                f"Was {', '.join(unknown)} committed in the force area?",
                "Where the offence happened is not recorded.",
            )
        return self.passed("Committed in the force area.")


class OffenceRecent(Rule):
    name, clause = "offence_age", "offences.max_age_months"

    def applies(self, policy: Policy) -> bool:
        return policy.offences.max_age_months is not None

    def check(self, ctx: Context) -> RuleResult:
        months = ctx.policy.offences.max_age_months
        assert months is not None
        day = ctx.facts.decision_date
        if any(i.committed_on > day for i, _ in ctx.offences):
            raise DomainError("An offence date is after the decision date.")
        old = [
            f"{f.title} ({i.committed_on:%d %B %Y})"
            for i, f in ctx.offences
            if day >= add_months(i.committed_on, months)
        ]
        if old:
            return self.result(
                "too_old",
                RuleStatus.FAIL,
                f"Offence {months} months old or more at decision: {', '.join(old)}.",
                f"The scheme is for offences dealt with within {months} months.",
            )
        return self.passed(f"Every offence is less than {months} months old.")


class AdmissionOrNoReply(Rule):
    name, clause = "admission", "evidence.admission_or_no_reply"

    def applies(self, policy: Policy) -> bool:
        return policy.evidence.admission_or_no_reply

    def check(self, ctx: Context) -> RuleResult:
        said = ctx.facts.admission
        if said is None:
            return self.unknown(
                "Did the person admit the offence, give no reply, or deny it?",
                "The interview outcome is not recorded.",
            )
        if said is Admission.DENIED:
            return self.result(
                "denied",
                RuleStatus.FAIL,
                "The person denied the offence.",
                "The scheme is only for people who accept responsibility for the offence or "
                "make no reply in interview.",
            )
        return self.passed("Admitted." if said is Admission.ADMITTED else "No reply in interview.")


class EvidentialTest(Rule):
    name, clause = "evidence", "evidence.evidential_test"

    def applies(self, policy: Policy) -> bool:
        return policy.evidence.evidential_test

    def check(self, ctx: Context) -> RuleResult:
        met = ctx.facts.evidential_test_met
        if met is None:
            return self.unknown(
                "Is there sufficient evidence to charge (the evidential stage)?",
                "The evidential test has not been recorded.",
            )
        if not met:
            return self.result(
                "not_met",
                RuleStatus.FAIL,
                "There is not enough evidence to charge.",
                "There is not enough evidence for a prosecution, so there is nothing to defer.",
            )
        return self.passed("Evidential stage met.")


class OffenceInScope(Rule):
    name, clause = "offence_scope", "offences.families_in / codes_in / codes_out"

    def check(self, ctx: Context) -> RuleResult:
        rules = ctx.policy.offences
        families = set(rules.families_in)
        if ctx.policy.drug_supply.allowed:
            families.add(OffenceFamily.DRUG_SUPPLY)
        out = [
            f.title
            for _, f in ctx.offences
            if f.code in rules.codes_out
            or (f.family not in families and f.code not in rules.codes_in)
        ]
        if out:
            return self.result(
                "out_of_scope",
                RuleStatus.FAIL,
                f"Not an offence this policy covers: {', '.join(out)}.",
                "This kind of offence is not one the scheme can deal with.",
            )
        return self.passed("Every offence is in scope.")


class SpecificTerms(Rule):
    name, clause = "specific_terms", "offences.specific_terms"

    def applies(self, policy: Policy) -> bool:
        return bool(policy.offences.specific_terms)

    def check(self, ctx: Context) -> RuleResult:
        confirmed = ctx.facts.specific_terms_confirmed
        questions, refused = [], []
        for term in ctx.policy.offences.specific_terms:
            key = term.code or (term.family.value if term.family else "")
            hit = any(
                (term.code is not None and f.code == term.code)
                or (term.family is not None and f.family is term.family)
                for _, f in ctx.offences
            )
            if not hit:
                continue
            answer = confirmed.get(key)
            if answer is None:
                questions.append(term.question)
            elif not answer:
                refused.append(term.clause)
        if refused:
            return self.result(
                "not_met",
                RuleStatus.FAIL,
                f"The offence is outside the policy's specific terms: {'; '.join(refused)}.",
                "The circumstances of this offence fall outside what the scheme can accept.",
            )
        if questions:
            return self.result(
                "not_known",
                RuleStatus.NEEDS_INFORMATION,
                "The offence is in scope only on specific terms that are not yet confirmed.",
                "We need a little more information before we can decide.",
                questions=tuple(questions),
            )
        return self.passed("Specific terms met or not relevant.")


class GravityLimit(Rule):
    name, clause = "gravity", "offences.max_gravity_score"

    def applies(self, policy: Policy) -> bool:
        return policy.offences.max_gravity_score is not None

    def check(self, ctx: Context) -> RuleResult:
        limit = ctx.policy.offences.max_gravity_score
        assert limit is not None
        graver = [
            f"{f.title} ({f.gravity_score})"
            for _, f in ctx.offences
            if f.gravity_score is not None and f.gravity_score > limit
        ]
        if graver:
            return self.result(
                "too_grave",
                RuleStatus.FAIL,
                f"Gravity score above {limit}: {', '.join(graver)}.",
                "The offence is too serious for the scheme.",
            )
        return self.passed(f"No offence scores above {limit} (where a score is known).")


class DomesticAbuse(Rule):
    name, clause = "domestic", "offences.domestic"

    def check(self, ctx: Context) -> RuleResult:
        setting = ctx.policy.offences.domestic
        if setting is DomesticPolicy.ALLOWED:
            return self.result(
                "allowed",
                RuleStatus.NOT_APPLICABLE,
                "The policy allows domestic-related offences.",
                "",
            )
        flags = [(i, f) for i, f in ctx.offences]
        if any(i.domestic_related is None for i, _ in flags):
            return self.unknown(
                "Is the offence domestic-related?",
                "Whether the offence is domestic-related is not recorded.",
            )
        domestic = [(i, f) for i, f in flags if i.domestic_related]
        if not domestic:
            return self.passed("Not domestic-related.")
        if setting is DomesticPolicy.EXCLUDED:
            return self.result(
                "excluded",
                RuleStatus.FAIL,
                "Domestic-related offences are excluded.",
                "This policy does not cover offences within a family or relationship.",
            )
        grades = [i.domestic_risk_grade for i, _ in domestic]
        if any(g is None for g in grades):
            return self.unknown(
                "What is the DASH risk grade (standard, medium or high)?",
                "The domestic abuse risk grade is not recorded.",
            )
        if DomesticRiskGrade.HIGH in grades:
            return self.result(
                "high_risk",
                RuleStatus.FAIL,
                "High-risk domestic abuse is excluded; only standard or medium are in scope.",
                "Because of the level of risk recorded, the scheme cannot be offered.",
            )
        return self.passed("Domestic-related at standard or medium risk.")


class HateCrime(Rule):
    name, clause = "hate_crime", "offences.hate_crime_excluded"

    def applies(self, policy: Policy) -> bool:
        return policy.offences.hate_crime_excluded

    def check(self, ctx: Context) -> RuleResult:
        if any(i.hate_crime for i, _ in ctx.offences):
            return self.result(
                "excluded",
                RuleStatus.FAIL,
                "Hate crime is excluded.",
                "Offences motivated by hostility are not covered by the scheme.",
            )
        if any(i.hate_crime is None for i, _ in ctx.offences):
            return self.unknown(
                "Is the offence a hate crime?",
                "Whether the offence is a hate crime is not recorded.",
            )
        return self.passed("Not a hate crime.")


@dataclass(frozen=True)
class ExclusionText:
    """How one standing exclusion is worded."""

    field: str
    question: str
    officer: str
    person: str


EXCLUSIONS = (
    ExclusionText(
        "co_accused",
        "Is anyone else accused of this offence with the person?",
        "There is a co-accused.",
        "The scheme cannot be used when someone else is accused of the same offence.",
    ),
    ExclusionText(
        "on_bail",
        "Is the person on police or court bail for another matter?",
        "The person is on bail.",
        "The scheme cannot be offered while you are on bail for another matter.",
    ),
    ExclusionText(
        "subject_to_court_order",
        "Is the person subject to a court order?",
        "The person is subject to a court order.",
        "The scheme cannot be offered while a court order applies to you.",
    ),
    ExclusionText(
        "suspended_sentence",
        "Is the person serving a suspended sentence?",
        "The person is serving a suspended sentence.",
        "The scheme cannot be offered during a suspended sentence.",
    ),
    ExclusionText(
        "conditional_discharge",
        "Is the person subject to a conditional discharge?",
        "The person is subject to a conditional discharge.",
        "The scheme cannot be offered during a conditional discharge.",
    ),
    ExclusionText(
        "detained_for_court",
        "Is the person detained to appear at court?",
        "The person is detained for court.",
        "The scheme cannot be offered when you are being held for court.",
    ),
    ExclusionText(
        "detained_under_mental_health_act",
        "Is the person detained under the Mental Health Act?",
        "The person is detained under the Mental Health Act.",
        "The scheme cannot be offered while you are detained under the Mental "
        "Health Act; other support will be arranged.",
    ),
    ExclusionText(
        "custody_likely",
        "Is a custodial sentence the likely outcome at court?",
        "Custody is the likely sentence.",
        "The offence is serious enough that a court would be likely to impose a prison sentence.",
    ),
)


class StandingExclusion(Rule):
    """One standing exclusion, switched on or off by the policy."""

    def __init__(self, text: ExclusionText) -> None:
        self.text = text
        self.name = f"exclusion_{text.field}"
        self.clause = f"exclusions.{text.field}"

    def applies(self, policy: Policy) -> bool:
        return bool(getattr(policy.exclusions, self.text.field))

    def check(self, ctx: Context) -> RuleResult:
        value = getattr(ctx.facts.exclusions, self.text.field)
        if value is None:
            return self.unknown(self.text.question, f"Not recorded: {self.text.question}")
        if value:
            return self.result("applies", RuleStatus.FAIL, self.text.officer, self.text.person)
        return self.passed("Does not apply.")


class CriminalHistory(Rule):
    name, clause = "history", "history.max_previous_convictions / max_recent_convictions"

    def applies(self, policy: Policy) -> bool:
        rules = policy.history
        return (
            rules.max_previous_convictions is not None or rules.max_recent_convictions is not None
        )

    def check(self, ctx: Context) -> RuleResult:
        dates = ctx.facts.history.conviction_dates
        rules = ctx.policy.history
        if dates is None:
            return self.unknown(
                "What are the dates of the person's previous convictions (from the PNC)?",
                "Previous convictions are not recorded.",
            )
        problems = []
        if (
            rules.max_previous_convictions is not None
            and len(dates) > rules.max_previous_convictions
        ):
            problems.append(
                f"{len(dates)} previous convictions (limit {rules.max_previous_convictions})"
            )
        if rules.recent_conviction_years is not None and rules.max_recent_convictions is not None:
            since = add_months(ctx.facts.decision_date, -12 * rules.recent_conviction_years)
            recent = [d for d in dates if d > since]
            if len(recent) > rules.max_recent_convictions:
                problems.append(
                    f"{len(recent)} convictions in the last "
                    f"{rules.recent_conviction_years} years (limit "
                    f"{rules.max_recent_convictions})"
                )
        if problems:
            return self.result(
                "over_limit",
                RuleStatus.FAIL,
                "Criminal history over the limit: " + "; ".join(problems) + ".",
                "Your previous convictions are beyond what this scheme allows.",
            )
        return self.passed(f"{len(dates)} previous convictions, within the limits.")


class PreviousDiversion(Rule):
    name, clause = "previous_diversion", "history.previous_diversion_excludes"

    def applies(self, policy: Policy) -> bool:
        return policy.history.previous_diversion_excludes

    def check(self, ctx: Context) -> RuleResult:
        before = ctx.facts.history.previous_diversion
        if before is None:
            return self.unknown(
                "Has the person been through the scheme before?",
                "Earlier participation is not recorded.",
            )
        if before:
            return self.result(
                "excluded",
                RuleStatus.FAIL,
                "The person has been diverted before.",
                "The scheme can only be offered once.",
            )
        return self.passed("Not diverted before.")


class VictimViews(Rule):
    name, clause = "victim", "victim.views_required / victim.opposition_excludes"

    def applies(self, policy: Policy) -> bool:
        return policy.victim.views_required or policy.victim.opposition_excludes

    def check(self, ctx: Context) -> RuleResult:
        victim = ctx.facts.victim
        rules = ctx.policy.victim
        if victim.has_victim is None:
            return self.unknown(
                "Is there an identifiable victim?", "Whether there is a victim is not recorded."
            )
        if not victim.has_victim:
            return self.result(
                "no_victim", RuleStatus.NOT_APPLICABLE, "No identifiable victim.", ""
            )
        if rules.opposition_excludes and victim.opposes_diversion:
            return self.result(
                "opposed",
                RuleStatus.FAIL,
                "The victim opposes diversion.",
                "The victim's wishes have been taken into account and the scheme cannot be "
                "offered in this case.",
            )
        if rules.views_required and not victim.views_recorded:
            return self.unknown(
                "Has the victim been asked for their views, and what are they?",
                "The victim's views have not been recorded.",
            )
        if rules.opposition_excludes and victim.opposes_diversion is None:
            return self.unknown(
                "Does the victim oppose diversion?",
                "Whether the victim opposes diversion is not recorded.",
            )
        return self.passed("Victim's views recorded and considered.")


class DrugSupplyConditions(Rule):
    name, clause = "drug_supply", "drug_supply"

    def check(self, ctx: Context) -> RuleResult:
        supply = [f.title for _, f in ctx.offences if f.family is OffenceFamily.DRUG_SUPPLY]
        if not supply:
            return self.result("none", RuleStatus.NOT_APPLICABLE, "No supply offence.", "")
        rules = ctx.policy.drug_supply
        if not rules.allowed:
            # The offence-scope rule already refuses supply; nothing more to say here.
            return self.result(
                "not_allowed",
                RuleStatus.NOT_APPLICABLE,
                "This policy does not allow supply offences.",
                "",
            )
        given = ctx.facts.drug_supply
        if given is None:
            return self.unknown(
                "For the supply offence: is the person vulnerable, coerced or exploited, "
                "selling to fund their own use, or splitting a deal? Which drug class?",
                "The drug supply indicators are not recorded.",
            )
        problems, questions = [], []
        if not set(given.indicators) & set(rules.indicators):
            allowed = ", ".join(i.label for i in rules.indicators)
            problems.append(f"none of the qualifying circumstances applies ({allowed})")
        if given.drug_class is None:
            questions.append("Which class of drug was supplied (A, B or C)?")
        elif given.drug_class not in rules.classes:
            problems.append(f"class {given.drug_class.value} is not covered")
        if given.county_lines_link is None:
            questions.append("Is there a link to a county lines operation?")
        elif (
            given.county_lines_link
            and rules.county_lines_requires_nrm_referral
            and not given.nrm_referral
        ):
            problems.append("a county lines link needs a National Referral Mechanism referral")
        if problems:
            return self.result(
                "not_met",
                RuleStatus.FAIL,
                "Supply offence not suitable: " + "; ".join(problems) + ".",
                "The circumstances of the supply offence are outside what the scheme accepts.",
            )
        if questions:
            return self.result(
                "not_known",
                RuleStatus.NEEDS_INFORMATION,
                "Drug supply details are incomplete.",
                "We need a little more information before we can decide.",
                questions=tuple(questions),
            )
        return self.result(
            "met",
            RuleStatus.PASS,
            f"Supply offence with qualifying circumstances ({', '.join(supply)}).",
            "",
            approval=Approval.DRUG_SUPPLY if rules.supervisor_approval else None,
        )


@dataclass(frozen=True)
class FilterText:
    """How one case-by-case filter is worded, and which answer excludes."""

    field: str
    excluded_when: bool
    question: str
    officer: str
    person: str


FILTERS = (
    FilterText(
        "public_interest",
        False,
        "Does the public interest favour diversion here?",
        "The public interest requires prosecution.",
        "In this case the public interest requires the matter to go to court.",
    ),
    FilterText(
        "sensitive_case",
        True,
        "Is this a sensitive case (for example, high profile, "
        "a public figure, or a police officer as suspect)?",
        "A sensitive case is excluded.",
        "Because of the nature of the case it has to go to court.",
    ),
    FilterText(
        "safety_check",
        True,
        "Is there a safety concern for the victim or public?",
        "A safety concern excludes diversion.",
        "Because of a safety concern the scheme cannot be offered.",
    ),
)

FILTER_INPUTS = {
    "public_interest": "public_interest_met",
    "sensitive_case": "sensitive_case",
    "safety_check": "safety_concern",
}


class CaseFilter(Rule):
    """One of a scheme's case-by-case filters (Turning Point)."""

    def __init__(self, text: FilterText) -> None:
        self.text = text
        self.name = f"filter_{text.field}"
        self.clause = f"filters.{text.field}"

    def applies(self, policy: Policy) -> bool:
        return bool(getattr(policy.filters, self.text.field))

    def check(self, ctx: Context) -> RuleResult:
        value = getattr(ctx.facts.filters, FILTER_INPUTS[self.text.field])
        if value is None:
            return self.unknown(self.text.question, f"Not recorded: {self.text.question}")
        if value is self.text.excluded_when:
            return self.result("excluded", RuleStatus.FAIL, self.text.officer, self.text.person)
        return self.passed("Filter passed.")


class LimitationClock(Rule):
    name, clause = "s127", "clocks.s127_breach_margin_days (Magistrates' Courts Act 1980 s127)"

    def check(self, ctx: Context) -> RuleResult:
        summary = [
            i.committed_on for i, f in ctx.offences if f.mode_of_trial is ModeOfTrial.SUMMARY_ONLY
        ]
        if not summary:
            return self.result(
                "not_summary_only",
                RuleStatus.NOT_APPLICABLE,
                "No summary-only offence, so no s127 time limit.",
                "",
            )
        clocks = ctx.policy.clocks
        day = ctx.facts.decision_date
        ends = contract_end(start=day, length_months=clocks.contract_months, today=day)
        check = limitation_check(
            mode_of_trial=ModeOfTrial.SUMMARY_ONLY,
            offence_date=min(summary),
            today=day,
            contract_ends=ends,
            breach_margin_days=clocks.s127_breach_margin_days,
            warning_days=clocks.s127_warning_days,
        )
        assert check.last_date is not None and check.latest_needed is not None
        if check.at_risk:
            return self.result(
                "contract_would_pass_limit",
                RuleStatus.FAIL,
                f"Proceedings must start by {check.last_date:%d %B %Y} (s127). A "
                f"{clocks.contract_months}-month contract from today ends "
                f"{ends:%d %B %Y}, and handling a breach needs until "
                f"{check.latest_needed:%d %B %Y}, so a breach could not be prosecuted. "
                "Only a supervisor's override can allow it.",
                "There is not enough time left under the law to run the contract and still "
                "take the case to court if it were not kept.",
                overridable_by=Approval.S127_OVERRIDE,
            )
        return self.passed(
            f"Proceedings must start by {check.last_date:%d %B %Y}; the contract and breach "
            f"handling would finish by {check.latest_needed:%d %B %Y}."
        )


class RiskAdvisory(Rule):
    name, clause = "forecast", "risk.advisory_bands"

    def applies(self, policy: Policy) -> bool:
        return bool(policy.risk.advisory_bands)

    def check(self, ctx: Context) -> RuleResult:
        forecast = ctx.facts.forecast
        bands = ", ".join(b.label.lower() for b in ctx.policy.risk.advisory_bands)
        if forecast is None:
            return self.result(
                "none",
                RuleStatus.ADVISORY,
                f"No forecast available. The policy looks for: {bands}.",
                "",
            )
        fits = forecast.band in ctx.policy.risk.advisory_bands
        return self.result(
            "in_band" if fits else "outside_band",
            RuleStatus.ADVISORY,
            f"Advisory forecast: {forecast.band.label.lower()} "
            f"({'within' if fits else 'outside'} the policy's bands: {bands}). Weigh it with "
            "everything else; it does not decide.",
            "",
        )


RULES: tuple[Rule, ...] = (
    MinimumAge(),
    LivesInForceArea(),
    OffenceInForceArea(),
    OffenceRecent(),
    AdmissionOrNoReply(),
    EvidentialTest(),
    OffenceInScope(),
    SpecificTerms(),
    GravityLimit(),
    DomesticAbuse(),
    HateCrime(),
    *(StandingExclusion(text) for text in EXCLUSIONS),
    CriminalHistory(),
    PreviousDiversion(),
    VictimViews(),
    DrugSupplyConditions(),
    *(CaseFilter(text) for text in FILTERS),
    LimitationClock(),
    RiskAdvisory(),
)


def resolve_offences(
    facts: ScreeningInput, catalogue: Mapping[str, OffenceFacts]
) -> tuple[tuple[OffenceInput, OffenceFacts], ...]:
    """Pair each offence with its catalogue facts, or raise naming every unknown code."""
    unknown = [o.code for o in facts.offences if o.code not in catalogue]
    if unknown:
        raise UnknownOffence(f"Unknown offence code(s): {', '.join(unknown)}.")
    return tuple((o, catalogue[o.code]) for o in facts.offences)


def outcome_of(results: Iterable[RuleResult]) -> Outcome:
    """Combine rule results: any failure is ineligible, else any gap needs information."""
    statuses = {r.status for r in results}
    if RuleStatus.FAIL in statuses:
        return Outcome.INELIGIBLE
    if RuleStatus.NEEDS_INFORMATION in statuses:
        return Outcome.NEEDS_INFORMATION
    return Outcome.ELIGIBLE


def screen(
    facts: ScreeningInput, policy: Policy, catalogue: Mapping[str, OffenceFacts]
) -> ScreeningResult:
    """Run every rule the policy switches on and return the outcome with all the reasons."""
    ctx = Context(facts=facts, policy=policy, offences=resolve_offences(facts, catalogue))
    results = tuple(rule.check(ctx) for rule in RULES if rule.applies(policy))
    outcome = outcome_of(results)
    approvals = tuple(
        r.approval for r in results if r.approval is not None and outcome is Outcome.ELIGIBLE
    )
    summary = [
        i.committed_on for i, f in ctx.offences if f.mode_of_trial is ModeOfTrial.SUMMARY_ONLY
    ]
    return ScreeningResult(
        policy_name=policy.policy.name,
        policy_version=policy.policy.version,
        outcome=outcome,
        results=results,
        approvals_required=approvals,
        limitation_last_date=s127_last_date(min(summary)) if summary else None,
    )
