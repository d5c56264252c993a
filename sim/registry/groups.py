"""The parameter groups as classes the type checker sees: generated from the registry
(sim/registry/parameters/*.toml) by ``uv run python -m sim.registry.params``; do not edit by hand.
"""

from typing import NamedTuple


class UsParameters(NamedTuple):
    doctrine: str
    export_control_stringency: float
    enforcement: float
    compute_investment_usd: float
    partner_financing_usd: float
    export_promotion: float
    safety_governance_stance: float
    military_framing: float
    distillation_countermeasures: float
    joint_misuse_detection: float
    budget_usd: float
    diffusion_limits: float
    weight_lead: float
    weight_adoption: float
    weight_tension: float
    weight_misuse: float


class CnParameters(NamedTuple):
    doctrine: str
    compute_investment_usd: float
    self_sufficiency_investment_usd: float
    domestic_chip_mandate: float
    open_model_subsidy: float
    digital_silk_road_usd: float
    governance_proposal: float
    governance_stance: float
    distillation_tolerance: float
    smuggling_tolerance: float
    military_framing: float
    budget_usd: float
    weight_lead: float
    weight_adoption: float
    weight_tension: float
    weight_misuse: float


class FirmsParameters(NamedTuple):
    frontier_labs_per_bloc: int
    safety_coalition: float
    safety_share_base: float
    racing_enmity_sensitivity: float
    racing_teams_sensitivity: float
    open_release_us: float
    open_release_cn: float
    distillation_us: float
    rd_share_base: float
    rd_response_to_controls: float


class ComputeParameters(NamedTuple):
    initial_total_h100e: float
    initial_us_share: float
    initial_cn_share: float
    cost_usd_per_h100e: float
    price_performance_doubling_years: float
    spending_growth_per_year: float
    spending_growth_halflife_years: float
    depreciation_per_quarter: float


class ExportControlsParameters(NamedTuple):
    self_sufficiency_initial: float
    cn_domestic_share_initial: float
    learning_rate: float
    cn_capacity_initial_h100e: float
    capacity_cost_usd: float
    unmet_demand_to_capacity: float


class SmugglingParameters(NamedTuple):
    base_share: float
    price_elasticity: float
    enforcement_efficacy: float
    third_country_share: float
    markup: float
    noise_sd: float


class EfficiencyParameters(NamedTuple):
    halving_months: float
    cn_initial_advantage: float
    spillover_rate: float
    distillation_ceiling_oom: float
    catch_up_strength: float
    distillation_rate: float
    rd_gain: float
    noise_sd: float


class RaceParameters(NamedTuple):
    intensity: float
    gap_reference_oom: float


class CooperationParameters(NamedTuple):
    talent_share_chinese: float
    talent_pooling_gain: float
    controls_drag: float
    adjust_rate: float


class TensionParameters(NamedTuple):
    initial: float
    reaction: float
    armament_weight: float
    fatigue: float
    trust_weight: float
    grievance: float
    injury_weight: float
    crisis_escalation: float
    crisis_hazard: float
    crisis_duration_quarters: int
    crisis_shock: float
    crisis_supply_cut: float


class MisuseParameters(NamedTuple):
    base_hazard: float
    capability_elasticity: float
    reference_open_capability: float
    open_lag_oom: float
    detection_efficacy: float
    safety_efficacy: float
    incidents_per_risk: float


class AdoptionParameters(NamedTuple):
    innovation_p: float
    imitation_q: float
    review_rate: float
    switching_cost: float
    capability_weight: float
    quality_span_oom: float
    price_weight: float
    price_us: float
    price_cn: float
    price_open: float
    open_origin_scale_oom: float
    subsidy_price_cut: float
    compute_cost_share: float
    availability_weight: float
    readiness_gain: float
    governance_member_weight: float
    infrastructure_weight: float
    bri_initial_infrastructure: float
    dsr_cost_per_tie_usd: float
    financing_weight: float
    partnership_cost_usd: float
    promotion_weight: float
    security_weight: float
    data_security_weight: float
    language_weight: float
    hedge_autonomy_bonus: float
    hedge_cost: float
    governance_join_rate: float


class SentimentParameters(NamedTuple):
    developing_positive: float
    spread: float
    reference_positive: float


class MechanismsParameters(NamedTuple):
    export_controls: bool
    smuggling: bool
    efficiency: bool
    adoption: bool
    race: bool
    cooperation: bool
    misuse: bool
    tension: bool
    sentiment: bool


class ParameterGroups(NamedTuple):
    us: UsParameters
    cn: CnParameters
    firms: FirmsParameters
    compute: ComputeParameters
    export_controls: ExportControlsParameters
    smuggling: SmugglingParameters
    efficiency: EfficiencyParameters
    race: RaceParameters
    cooperation: CooperationParameters
    tension: TensionParameters
    misuse: MisuseParameters
    adoption: AdoptionParameters
    sentiment: SentimentParameters
    mechanisms: MechanismsParameters
