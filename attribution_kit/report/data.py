"""What the report shows, as plain data: one dataclass per section, filled by the loaders."""

from __future__ import annotations

from dataclasses import dataclass

FUNNEL_STAGES = (("leads", "Leads"), ("mqls", "MQLs"), ("sqls", "SQLs"),
                 ("opportunities", "Opportunities"), ("customers", "Customers"))


# Why a funnel stage with no contacts is absent: the lifecycle stage nobody has (lead also
# counts every contact from its creation, so no lead means no contact at all).
ABSENT_STAGE_REASONS = {
    "leads": "no contacts in the data",
    "mqls": "no mql lifecycle events in the data",
    "sqls": "no sql lifecycle events in the data",
    "opportunities": "no opportunity lifecycle events in the data",
    "customers": "no customer lifecycle events in the data",
}


NOT_AVAILABLE = "n/a"  # a ratio over nothing: never shown as 0%


DEFAULT_ROI_MODEL = "linear"


@dataclass(frozen=True)
class Headline:
    opportunities: int
    won_opportunities: int
    pipeline: float
    won_revenue: float
    spend: float
    first_created: str
    last_created: str


@dataclass(frozen=True)
class ModelComparison:
    models: list[str]
    channels: list[str]
    share: dict[tuple[str, str], float]      # (model, channel) -> share of the model's won revenue
    revenue: dict[tuple[str, str], float]    # (model, channel) -> attributed won revenue


@dataclass(frozen=True)
class Sourcing:
    # basis -> team -> (opportunities, pipeline, revenue)
    by_basis: dict[str, dict[str, tuple[int, float, float]]]
    influenced_pipeline: float
    influenced_revenue: float
    accelerated_pipeline: float
    total_pipeline: float
    total_revenue: float


@dataclass(frozen=True)
class Funnel:
    totals: dict[str, int]                   # stage -> contacts that reached it
    by_channel: dict[str, dict[str, int]]    # original-source channel -> stage -> contacts


@dataclass(frozen=True)
class RoiRow:
    channel: str
    spend: float
    attributed_revenue: float
    attributed_pipeline: float

    @property
    def roi(self) -> float | None:
        return self.attributed_revenue / self.spend if self.spend > 0 else None


@dataclass(frozen=True)
class Reactivations:
    by_month: list[tuple[str, int, int]]            # (yyyy-mm, reactivations, with pipeline followed)
    by_channel: list[tuple[str, int, int, float]]   # (channel, reactivations, with pipeline, pipeline)


@dataclass(frozen=True)
class RunSettings:
    """The latest row of rpt_attribution_run_settings: the vars of the build the marts come from."""
    invocation_id: str
    run_started_at: str
    engine: str
    dbt_version: str
    as_of_at: str
    is_as_of_set: bool
    reporting_currency: str
    lookback_days: int
    journey_scope: str
    excluded_opportunity_types: list[str]
    half_life_days: float
    time_decay_engine: str
    markov_engine: str
    markov_order: int
    shapley_engine: str
    direct_channels: list[str]
    is_incremental_built: bool
    builds_recorded: int


@dataclass(frozen=True)
class LossTable:
    """One raw input table in the loss summary: raw = accepted + rejected; flagged rows are accepted."""
    table: str
    raw: int
    accepted: int
    rejected: int
    rejected_share: float | None             # None for an empty table
    flagged: int
    exceeds_limit: bool


@dataclass(frozen=True)
class LossReason:
    """One rejected or flagged reason of a raw table, with its root cause and example keys."""
    table: str
    severity: str
    reason: str
    root_cause_table: str
    root_cause_reason: str
    rows: int
    example_keys: str

    @property
    def is_knock_on(self) -> bool:
        return (self.root_cause_table, self.root_cause_reason) != (self.table, self.reason)


@dataclass(frozen=True)
class InputLosses:
    tables: list[LossTable]
    reasons: list[LossReason]
    max_rejected_share: float | None         # var attribution_max_rejected_share of the build


@dataclass(frozen=True)
class ReportData:
    headline: Headline
    comparison: ModelComparison
    sourcing: Sourcing
    funnel: Funnel
    roi: dict[str, list[RoiRow]]                    # model -> rows (touch-month alignment, all months)
    reactivations: Reactivations
    roi_model: str = DEFAULT_ROI_MODEL
    settings: RunSettings | None = None             # None: no build recorded its settings
    losses: InputLosses | None = None               # None: not loaded (hand-made data only)
    planning: Planning | None = None                # None: the planning marts were not built


# The leading indicator the planning section charts: the share of new leads that became MQLs (or
# went further) within 30 days, the earliest sign that a channel's leads "died on arrival".
PLANNING_STAGE = "mql"
PLANNING_WINDOW_DAYS = 30


@dataclass(frozen=True)
class LeadingIndicator:
    """One cohort of rpt_channel_leading_indicators: a channel's new leads of one month."""
    channel: str
    cohort_month: str                       # yyyy-mm
    target_stage: str
    window_days: int
    leads: int
    rate: float | None                      # None while the window is incomplete
    norm: float | None                      # None without earlier complete cohorts
    z_score: float | None
    is_below_norm: bool


@dataclass(frozen=True)
class BudgetScenario:
    """One channel of rpt_budget_scenarios."""
    channel: str
    current_spend: float
    suggested_spend: float
    wins_current: float
    wins_suggested: float
    marginal_wins_per_spend: float | None   # None without spend
    ci_lower: float | None
    ci_upper: float | None
    is_effect_above_zero: bool
    is_allocated: bool

    @property
    def delta(self) -> float:
        return self.suggested_spend - self.current_spend


@dataclass(frozen=True)
class Planning:
    latest: list[LeadingIndicator]          # per channel, its latest complete cohort of the charted indicator
    flagged: list[LeadingIndicator]         # every cohort flagged below its norm, most recent first
    budget: list[BudgetScenario] | None     # None: rpt_budget_scenarios not built (no Python models)
    budget_window: tuple[str, str] = ("", "")  # first and last day of the spend window ("" first: all)
    assumptions: str = ""
