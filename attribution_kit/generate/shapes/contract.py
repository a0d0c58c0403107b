"""The input contract's nine tables (SPEC section 2) as chunk builders."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from attribution_kit.contract import contract_tables
from attribution_kit.generate.defects import ad_spend_rows, contact_role_rows, lifecycle_rows
from attribution_kit.generate.records import Campaigns, Dataset, TableSpec, Touches
from attribution_kit.generate.strings import (
    _case_dictionary,
    _codes,
    _string_ids,
    _take,
    _timestamps,
    _tz_variants,
    _width,
)
from attribution_kit.generate.vocabulary import (
    CAMPAIGN_LAYOUT,
    CAMPAIGN_THEMES,
    CHANNELS,
    COMPANY_HEADS,
    COMPANY_KINDS,
    COMPANY_TAILS,
    CONSULTING_INDUSTRY,
    EUR_RATE,
    FIRST_NAMES,
    FREE_MAIL,
    INDUSTRIES,
    JOB_TITLES,
    LAST_NAMES,
    LEAD_SOURCES,
    MED,
    OFFER_TYPES,
    OPPORTUNITY_TYPES,
    PAID_CHANNELS,
    REFERRERS,
    ROLES,
    STAGE_NAMES,
    STAGES,
    TLDS,
    TOUCH_TYPES,
    UTM_MEDIUMS,
    UTM_SOURCES,
)

# The contract's column types (attribution_kit/contract.py, from the contract macro) as Arrow types.
ARROW_TYPES: dict[str, pa.DataType] = {"integer": pa.int64(), "boolean": pa.bool_(), "double": pa.float64()}

# Optional contract columns the demo world does not fill, so its files leave them out: it names no
# sales reps (the Salesforce and HubSpot shapes carry them through their own tables).
UNWRITTEN_COLUMNS: dict[str, tuple[str, ...]] = {"touchpoints": ("sales_rep_name",)}


def campaign_ids_text(n: int) -> pa.Array:
    """The contract's campaign ids (cmp_000001, ...)."""
    return _string_ids("cmp_", np.arange(n), _width(n))


def campaign_slugs(cmp_: Campaigns) -> pa.Array:
    """Per campaign, the utm_campaign value its links carry (email-brand-2025-03-000012)."""
    return pc.binary_join_element_wise(
        _codes([c.replace("_", "-") for c in CHANNELS], cmp_.channel),
        _codes(CAMPAIGN_THEMES, cmp_.theme),
        pc.utf8_slice_codeunits(pc.cast(pa.array(cmp_.started.astype("datetime64[s]")), pa.string()), 0, 7),
        pc.utf8_slice_codeunits(campaign_ids_text(len(cmp_)), 4),
        "-",
    )


def touch_utms(tch: Touches, i: np.ndarray, slug: pa.Array) -> tuple[pa.Array, pa.Array, pa.Array]:
    """utm_source, utm_medium and utm_campaign of touches i as written (with their case variants)."""
    source, medium, variant = tch.source[i], tch.medium[i], tch.case_variant[i].astype(np.int64)
    medium_variant = np.where(variant > 0, 2, 0)
    return (
        _take(_case_dictionary(UTM_SOURCES), np.where(source >= 0, source + variant * len(UTM_SOURCES), -1)),
        _take(
            _case_dictionary(UTM_MEDIUMS),
            np.where(medium >= 0, medium + medium_variant * len(UTM_MEDIUMS), -1),
        ),
        _take(slug, tch.campaign[i]),
    )


@dataclass(frozen=True)
class ContractText:
    """What several tables share, as text: ids, the accounts' domains and the contacts' emails."""

    account_ids: pa.Array
    contact_ids: pa.Array
    opportunity_ids: pa.Array
    opp_width: int
    campaign_ids: pa.Array
    bare_domain: pa.Array
    emails: pa.Array


def contract_text(ds: Dataset) -> ContractText:
    acc, con = ds.accounts, ds.contacts
    domain_base = pc.binary_join_element_wise(
        _codes(COMPANY_HEADS, acc.head),
        _codes(COMPANY_TAILS, acc.tail),
        pc.if_else(pa.array(acc.domain_rank > 0), pc.cast(pa.array(acc.domain_rank + 1), pa.string()), ""),
        "",
    )
    bare_domain = pc.binary_join_element_wise(domain_base, _codes(TLDS, acc.tld), ".")
    has_account = con.account >= 0
    contact_domain = pc.if_else(
        pa.array(has_account),
        _take(bare_domain, np.where(has_account, con.account, 0)),
        _codes(FREE_MAIL, np.maximum(con.free_domain, 0)),
    )
    local_part = pc.binary_join_element_wise(
        _codes(FIRST_NAMES, con.first),
        pc.binary_join_element_wise(
            _codes(LAST_NAMES, con.last),
            pc.if_else(pa.array(con.email_rank > 0), pc.cast(pa.array(con.email_rank + 1), pa.string()), ""),
            "",
        ),
        ".",
    )
    opp_width = _width(len(ds.opportunities) + 100_000)
    return ContractText(
        account_ids=_string_ids("acc_", np.arange(len(acc)), _width(len(acc))),
        contact_ids=_string_ids("con_", np.arange(len(con)), _width(len(con))),
        opportunity_ids=_string_ids("opp_", np.arange(len(ds.opportunities)), opp_width),
        opp_width=opp_width,
        campaign_ids=campaign_ids_text(len(ds.campaigns)),
        bare_domain=bare_domain,
        emails=pc.binary_join_element_wise(local_part, contact_domain, "@"),
    )


def accounts_spec(ds: Dataset, text: ContractText) -> TableSpec:
    acc = ds.accounts
    tz_acc = _tz_variants(ds.seed, "accounts", len(acc))

    def build(lo: int, hi: int) -> dict[str, pa.Array]:
        s = slice(lo, hi)
        heads = pc.utf8_capitalize(_codes(COMPANY_HEADS, acc.head[s]))
        name = pc.binary_join_element_wise(heads, _codes(COMPANY_TAILS, acc.tail[s]), "")
        industry = np.where(acc.is_consulting[s], len(INDUSTRIES), acc.industry[s])
        domain = text.bare_domain[lo:hi]
        return {
            "account_id": text.account_ids[lo:hi],
            "account_name": pc.binary_join_element_wise(name, _codes(COMPANY_KINDS, acc.kind[s]), " "),
            "domain": pc.if_else(
                pa.array(acc.www[s]), pc.binary_join_element_wise("www", domain, "."), domain
            ),
            "industry": _codes(INDUSTRIES + (CONSULTING_INDUSTRY,), industry),
            "employee_count": pa.array(acc.employees[s]),
            "created_at": _timestamps(acc.created[s], tz_acc[s]),
        }

    return TableSpec("accounts", len(acc), build)


def contacts_spec(ds: Dataset, text: ContractText) -> TableSpec:
    con = ds.contacts
    tz_con = _tz_variants(ds.seed, "contacts", len(con))

    def build(lo: int, hi: int) -> dict[str, pa.Array]:
        s = slice(lo, hi)
        return {
            "contact_id": text.contact_ids[lo:hi],
            "account_id": _take(text.account_ids, con.account[s]),
            "email": text.emails[lo:hi],
            "job_title": _codes(JOB_TITLES, con.title[s]),
            "created_at": _timestamps(con.created[s], tz_con[s]),
            "lead_source": _codes(LEAD_SOURCES, con.lead_source[s]),
        }

    return TableSpec("contacts", len(con), build)


def lifecycle_spec(ds: Dataset, text: ContractText) -> TableSpec:
    life_contact, life_stage, life_time = lifecycle_rows(ds)
    tz_life = _tz_variants(ds.seed, "lifecycle", len(life_contact))

    def build(lo: int, hi: int) -> dict[str, pa.Array]:
        s = slice(lo, hi)
        return {
            "contact_id": _take(text.contact_ids, life_contact[s]),
            "stage": _codes(STAGES, life_stage[s]),
            "occurred_at": _timestamps(life_time[s], tz_life[s]),
        }

    return TableSpec("lifecycle_events", len(life_contact), build)


def touchpoints_spec(ds: Dataset, text: ContractText) -> TableSpec:
    tch, rows = ds.touches, ds.touch_rows
    slug = campaign_slugs(ds.campaigns)
    tp_width = _width(len(tch) + len(rows["src"]))
    tz_touch = _tz_variants(ds.seed, "touchpoints", len(tch))

    def build(lo: int, hi: int) -> dict[str, pa.Array]:
        i = rows["src"][lo:hi]
        bad = rows["bad"][lo:hi]
        utm_source, utm_medium, utm_campaign = touch_utms(tch, i, slug)
        email = _take(text.emails, tch.email[i])
        email = pc.if_else(pa.array(tch.email_title_case[i]), pc.utf8_title(email), email)
        occurred = _timestamps(tch.time[i], tz_touch[i])  # per touch: duplicates stay exact
        occurred = pc.if_else(pa.array(bad), pa.scalar("not a date"), occurred)
        return {
            "touchpoint_id": _string_ids("tp_", rows["number"][lo:hi], tp_width),
            "occurred_at": occurred,
            "contact_id": _take(text.contact_ids, tch.contact[i]),
            "email": email,
            "account_id": _take(text.account_ids, tch.account[i]),
            "touchpoint_type": _codes(TOUCH_TYPES, tch.ttype[i]),
            "utm_source": utm_source,
            "utm_medium": utm_medium,
            "utm_campaign": utm_campaign,
            "campaign_id": _take(text.campaign_ids, tch.campaign[i]),
            "referrer_domain": _codes(REFERRERS, tch.referrer[i]),
        }

    return TableSpec("touchpoints", len(rows["src"]), build)


def opportunities_spec(ds: Dataset, text: ContractText) -> TableSpec:
    opp = ds.opportunities
    tz_opp = _tz_variants(ds.seed, "opportunities", len(opp))
    tz_opp_closed = _tz_variants(ds.seed, "opportunities-closed", len(opp))

    def build(lo: int, hi: int) -> dict[str, pa.Array]:
        s = slice(lo, hi)
        closed = opp.closed[s]
        return {
            "opportunity_id": text.opportunity_ids[lo:hi],
            "account_id": _take(text.account_ids, opp.account[s]),
            "created_at": _timestamps(opp.created[s], tz_opp[s]),
            "closed_at": _timestamps(closed, tz_opp_closed[s], missing=closed < 0),
            "is_closed": pa.array(closed >= 0),
            "is_won": pa.array(opp.is_won[s]),
            "amount": pa.array(opp.amount[s]),
            "currency": _codes(("USD", "EUR"), opp.is_eur[s].astype(np.int64)),
            "opportunity_type": _codes(OPPORTUNITY_TYPES, opp.type[s]),
            "stage_name": _codes(STAGE_NAMES, opp.stage[s]),
            "lead_source": _codes(LEAD_SOURCES, opp.lead_source[s]),
        }

    return TableSpec("opportunities", len(opp), build)


def contact_roles_spec(ds: Dataset, text: ContractText) -> TableSpec:
    role_opp, role_contact, role_role, role_primary = contact_role_rows(ds)

    def build(lo: int, hi: int) -> dict[str, pa.Array]:
        s = slice(lo, hi)
        return {
            "opportunity_id": _string_ids("opp_", role_opp[s], text.opp_width),
            "contact_id": _take(text.contact_ids, role_contact[s]),
            "role": _codes(ROLES, role_role[s]),
            "is_primary": pa.array(role_primary[s]),
        }

    return TableSpec("opportunity_contact_roles", len(role_opp), build)


def campaigns_spec(ds: Dataset, text: ContractText) -> TableSpec:
    cmp_ = ds.campaigns
    tz_cmp = _tz_variants(ds.seed, "campaigns", len(cmp_))
    tz_cmp_end = _tz_variants(ds.seed, "campaigns-ended", len(cmp_))
    campaign_ids = text.campaign_ids

    def build(lo: int, hi: int) -> dict[str, pa.Array]:
        s = slice(lo, hi)
        channel_title = [c.replace("_", " ").title() for c in CHANNELS]
        name = pc.binary_join_element_wise(
            _codes(channel_title, cmp_.channel[s]),
            pc.utf8_capitalize(pc.replace_substring(_codes(CAMPAIGN_THEMES, cmp_.theme[s]), "-", " ")),
            pc.utf8_slice_codeunits(
                pc.cast(pa.array(cmp_.started[s].astype("datetime64[s]")), pa.string()), 0, 7
            ),
            pc.utf8_slice_codeunits(campaign_ids[lo:hi], 4),
            " - ",
        )
        cost = cmp_.cost[s]
        has_cost = ~np.isnan(cost)
        return {
            "campaign_id": campaign_ids[lo:hi],
            "campaign_name": name,
            "channel": _codes(CHANNELS, np.where(cmp_.override[s], cmp_.channel[s], -1)),
            "offer_type": _codes(OFFER_TYPES, cmp_.offer[s]),
            "started_at": _timestamps(cmp_.started[s], tz_cmp[s]),
            "ended_at": _timestamps(cmp_.ended[s], tz_cmp_end[s]),
            "actual_cost": pa.array(cost, mask=~has_cost),
            "currency": _codes(("USD", "EUR"), np.where(has_cost, cmp_.is_eur[s], -1)),
        }

    return TableSpec("campaigns", len(cmp_), build)


def ad_spend_spec(ds: Dataset, text: ContractText) -> TableSpec:
    cmp_ = ds.campaigns
    spend_campaign, spend_day, spend_amount = ad_spend_rows(ds)
    slug = campaign_slugs(cmp_)

    def build(lo: int, hi: int) -> dict[str, pa.Array]:
        s = slice(lo, hi)
        c = spend_campaign[s]
        medium = np.array(
            [MED[CAMPAIGN_LAYOUT[ch]["medium"]] if ch in PAID_CHANNELS else -1 for ch in CHANNELS]
        )
        return {
            "spend_date": pc.cast(pa.array(spend_day[s].astype("datetime64[D]")), pa.string()),
            "utm_source": _codes(UTM_SOURCES, cmp_.source[c]),
            "utm_medium": _codes(UTM_MEDIUMS, medium[cmp_.channel[c]]),
            "utm_campaign": _take(slug, c),
            "campaign_id": _take(text.campaign_ids, c),
            "amount": pa.array(spend_amount[s]),
            "currency": _codes(("USD", "EUR"), cmp_.is_eur[c].astype(np.int64)),
        }

    return TableSpec("ad_spend", len(spend_campaign), build)


def currency_rates_spec(ds: Dataset, text: ContractText) -> TableSpec:
    def build(lo: int, hi: int) -> dict[str, pa.Array]:
        return {
            "currency": pa.array(["USD", "EUR"][lo:hi]),
            "rate_to_reporting": pa.array([1.0, EUR_RATE][lo:hi]),
        }

    return TableSpec("currency_rates", 2, build)


TABLE_BUILDERS = (
    accounts_spec,
    contacts_spec,
    lifecycle_spec,
    touchpoints_spec,
    opportunities_spec,
    contact_roles_spec,
    campaigns_spec,
    ad_spend_spec,
    currency_rates_spec,
)


def table_specs(ds: Dataset) -> list[TableSpec]:
    """Chunk builders for the nine tables (rows [lo, hi) -> columns)."""
    text = contract_text(ds)
    return [builder(ds, text) for builder in TABLE_BUILDERS]


def table_schema(name: str) -> pa.Schema:
    """A contract table's file columns, in the contract's order, with their types."""
    table = contract_tables()[name]
    return pa.schema([
        (column, ARROW_TYPES[table.types[column]] if column in table.types else pa.string())
        for column in table.columns
        if column not in UNWRITTEN_COLUMNS.get(name, ())
    ])
