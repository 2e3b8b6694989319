"""Rules about the offence: area, age, admission, evidence, scope and aggravation."""

from __future__ import annotations

from ..clocks import add_months
from ..offences import OffenceFamily
from ..policy import DomesticPolicy, Policy
from ..screening import (
    Admission,
    DomesticRiskGrade,
    RuleResult,
    RuleStatus,
)
from .base import Context, Rule


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
