"""Example OKRs to start from, one set for each kind of team (`core.choices.TeamKind`).

The web app offers them as "OKR templates" (the gallery page). Each example is an outcome-focused objective (no numbers, no solution) with key results
that measure a change for users or the business.
Baselines and targets are typical starting points: the form asks the team for its own.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class KeyResultExample:
    title: str
    unit: str
    baseline: float | None
    target: float | None
    type: str = "metric"
    direction: str | None = None


@dataclass(frozen=True)
class OkrExample:
    slug: str
    structure: str
    objective: str
    kind: str
    why: str
    key_results: tuple[KeyResultExample, ...]


STRUCTURES: dict[str, tuple[str, str]] = {
    "cross_functional": (
        "Cross-functional product teams",
        "Organised around a customer journey: OKRs span the whole experience in the team's "
        "domain, including the hand-offs to neighbouring areas.",
    ),
    "component": (
        "Component teams",
        "Organised around a technology component: OKRs still end at a user or business "
        "outcome, and measure how well the components work together.",
    ),
    "platform": (
        "Platform and enabling teams",
        "Serving other teams: OKRs about adoption, efficiency and developer experience, "
        "co-created with the teams that consume the platform.",
    ),
    "leadership": (
        "Product leadership",
        "Responsible for the portfolio: OKRs about portfolio-level outcomes that the "
        "product teams contribute to.",
    ),
}

EXAMPLES: tuple[OkrExample, ...] = (
    OkrExample(
        slug="delightful-onboarding",
        structure="cross_functional",
        objective="Create the smoothest onboarding experience in our industry",
        kind="aspirational",
        why="New users reach value fast and stay: completion, speed, sentiment and retention.",
        key_results=(
            KeyResultExample("Increase onboarding completion rate", "%", 68, 85),
            KeyResultExample("Reduce time to first value", "min", 1440, 15),
            KeyResultExample("Improve new user NPS", "points", 12, 40),
            KeyResultExample("Increase 30-day retention of new users", "%", 65, 80),
        ),
    ),
    OkrExample(
        slug="friction-free-checkout",
        structure="cross_functional",
        objective="Delight customers with a friction-free checkout experience",
        kind="committed",
        why="Buying is quick and trusted: fewer abandoned carts, faster checkouts.",
        key_results=(
            KeyResultExample("Reduce average checkout time", "s", 90, 45),
            KeyResultExample("Increase checkout conversion rate", "%", 2.8, 3.5),
            KeyResultExample("Reduce payment-related support tickets", "tickets/week", 120, 60),
        ),
    ),
    OkrExample(
        slug="indispensable-analytics",
        structure="cross_functional",
        objective="Make our analytics dashboard indispensable for marketing teams",
        kind="aspirational",
        why="Marketers come back every week because the dashboard answers their questions.",
        key_results=(
            KeyResultExample("Increase weekly active marketing users", "users", 1200, 3000),
            KeyResultExample("Increase share of accounts with a saved report", "%", 22, 45),
            KeyResultExample("Improve dashboard satisfaction score", "CSAT", 3.6, 4.4),
        ),
    ),
    OkrExample(
        slug="frictionless-authentication",
        structure="component",
        objective="Make authentication frictionless while maintaining industry-leading security",
        kind="committed",
        why="Signing in just works for people and never for attackers.",
        key_results=(
            KeyResultExample("Increase first-attempt login success rate", "%", 82, 95),
            KeyResultExample(
                "Reduce authentication-related support tickets", "tickets/week", 200, 120
            ),
            KeyResultExample(
                "Maintain blocking of unauthorized access attempts",
                "%",
                None,
                99.99,
                type="threshold",
                direction="at_least",
            ),
        ),
    ),
    OkrExample(
        slug="components-work-together",
        structure="component",
        objective="Give customers one seamless journey across our components",
        kind="committed",
        why="A shared objective across component teams, pulled from the front end.",
        key_results=(
            KeyResultExample("Reduce failed hand-offs between services", "errors/day", 340, 50),
            KeyResultExample("Reduce p95 end-to-end page load time", "ms", 2400, 1200),
            KeyResultExample("Increase journeys completed without a retry", "%", 91, 98),
        ),
    ),
    OkrExample(
        slug="preferred-api-platform",
        structure="platform",
        objective="Make our API platform the preferred integration method for partners and customers",
        kind="aspirational",
        why="Partners choose the API because it is easy to adopt and always there.",
        key_results=(
            KeyResultExample("Increase API consumption", "M calls/month", 15, 50),
            KeyResultExample("Reduce partner integration time", "days", 14, 3),
            KeyResultExample("Increase developer satisfaction score", "%", 72, 90),
            KeyResultExample(
                "Maintain API availability",
                "%",
                None,
                99.99,
                type="threshold",
                direction="at_least",
            ),
        ),
    ),
    OkrExample(
        slug="developer-velocity",
        structure="platform",
        objective="Let product teams ship with confidence, several times a day",
        kind="committed",
        why="The platform's customers are the product teams: measure their speed and trust.",
        key_results=(
            KeyResultExample("Reduce lead time from merge to production", "h", 48, 4),
            KeyResultExample("Increase teams deploying daily", "teams", 4, 12),
            KeyResultExample("Reduce change failure rate", "%", 18, 8),
        ),
    ),
    OkrExample(
        slug="comprehensive-solution",
        structure="leadership",
        objective="Become the comprehensive solution for mid-market financial operations",
        kind="aspirational",
        why="Customers use more of the portfolio and move between products without friction.",
        key_results=(
            KeyResultExample("Increase product adoption breadth", "modules/customer", 2.1, 3.5),
            KeyResultExample(
                "Reduce customer time spent switching between products", "min/week", 50, 30
            ),
            KeyResultExample("Increase cross-product upsell conversion", "%", 12, 25),
        ),
    ),
    OkrExample(
        slug="outcome-driven-portfolio",
        structure="leadership",
        objective="Turn the product organisation from a feature factory into an outcome engine",
        kind="committed",
        why="Every team works on outcomes the company needs, and the roadmap adds up to them.",
        key_results=(
            KeyResultExample(
                "Increase share of team objectives aligned to a company objective", "%", 40, 90
            ),
            KeyResultExample(
                "Increase share of roadmap effort linked to a key result", "%", 35, 80
            ),
            KeyResultExample("Improve team survey score on OKR clarity", "of 5", 2.9, 4.0),
        ),
    ),
)


def get_example(slug: str) -> OkrExample | None:
    """The example with a slug, or None."""
    return next((t for t in EXAMPLES if t.slug == slug), None)


def gallery() -> list[tuple[str, str, str, list[OkrExample]]]:
    """(structure key, title, advice, examples) for each team structure, in a fixed order."""
    return [
        (key, title, advice, [t for t in EXAMPLES if t.structure == key])
        for key, (title, advice) in STRUCTURES.items()
    ]
