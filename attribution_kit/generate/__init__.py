"""Demo-data generator for the B2B multi-touch attribution project.

Writes the nine raw tables of the input contract (SPEC section 2) as
``<table>.csv`` or ``<table>.parquet`` into one folder, plus
``ground_truth_channel_effects.csv``: the planted, counterfactual effect of
each channel on the chance that an opportunity is won (SPEC section 7).

How the truth is planted:

1. Accounts, buying committees (contacts), opportunities and campaigns are
   drawn; then touchpoints (marketing touches around each opportunity, sales
   touches after the first marketing engagement, background and reverse-IP
   account-level touches, anonymous touches, touches exactly on the window
   edges).
2. Each opportunity's journey is recomputed from the touchpoint rows as they
   are written, the way the project defines it: touches of contacts of the
   opportunity's account plus account-level touches of the account, a touch
   carrying only an email resolving to the contact with that email, inside
   ``[created_at - 365 days, journey_end]`` (both ends included). Its channel
   set E gives ``p = sigmoid(b0 + b_type + sum beta_c + interactions)`` and
   ``won = U < p`` with one uniform U per opportunity.
3. For each channel c, the counterfactual lost wins are the closed
   opportunities won with E and not won with E without c (same U).

Dirty rows (duplicate touches, unparseable timestamps, unknown lifecycle
stages, orphan contact roles, negative spend) are extra rows added after the
truth is computed, so they cannot change it.

Everything is vectorised with numpy (loops run per channel, per table or per
opportunity rank within an account, never per row) and strings are built and
written with pyarrow in chunks, so ten million touchpoints fit in a few GB.
The output is byte-identical for the same arguments.

Usage::

    python -m attribution_kit.generate --accounts 2000 --seed 7 --out data/demo
    python -m attribution_kit.generate --target-touchpoints 10000000 --out /tmp/big --format parquet
    python -m attribution_kit.generate --shape salesforce --column-convention api --out data/demo_salesforce
    python -m attribution_kit.generate --shape hubspot --with-web-touchpoints --out data/demo_hubspot

``--shape salesforce`` and ``--shape hubspot`` write the same world as
Salesforce or HubSpot tables (generate/shapes/salesforce.py, generate/shapes/hubspot.py,
docs/demo_shapes.md).

The package, by concern: ``vocabulary`` (channels, touch types, names),
``world`` and ``truth`` (the planted win models and the counterfactual
truth), ``records`` (the dataset as integer codes), ``entities``,
``touches``, ``defects`` (dirty rows), ``dataset`` (the whole build),
``strings`` (codes rendered as text), ``shapes/`` (the contract's tables and
the Salesforce and HubSpot shapes), ``writers`` (CSV/Parquet and the truth
file) and ``cli``.
"""

from attribution_kit.generate.cli import Config, generate, main, parse_args, shape_specs
from attribution_kit.generate.dataset import build_dataset
from attribution_kit.generate.defects import _n_dirty
from attribution_kit.generate.draws import _days, _occurrence_rank, _rng, _uniform_between, parse_as_of
from attribution_kit.generate.records import Dataset, TableSpec
from attribution_kit.generate.shapes.contract import campaign_slugs, table_specs, touch_utms
from attribution_kit.generate.strings import _codes, _take
from attribution_kit.generate.vocabulary import (
    CAMPAIGN_THEMES,
    CH,
    CHANNELS,
    DAY,
    DEFAULT_AS_OF,
    EUR_RATE,
    FIRST_NAMES,
    LAST_NAMES,
    LEAD_SOURCES,
    OPEN_STAGES,
    ROLES,
    SALES,
    SRC,
    ST,
    STAGE_NAMES,
    STAGES,
    TOUCH_TYPES,
    TRUTH_FILE,
    TT,
)
from attribution_kit.generate.world import WORLDS, World, outcome_uniforms
from attribution_kit.generate.writers import write_table

__all__ = [
    "CAMPAIGN_THEMES",
    "CHANNELS",
    "DEFAULT_AS_OF",
    "CH",
    "Config",
    "DAY",
    "Dataset",
    "EUR_RATE",
    "FIRST_NAMES",
    "LAST_NAMES",
    "LEAD_SOURCES",
    "OPEN_STAGES",
    "ROLES",
    "SALES",
    "SRC",
    "ST",
    "STAGES",
    "STAGE_NAMES",
    "TOUCH_TYPES",
    "TRUTH_FILE",
    "TT",
    "TableSpec",
    "WORLDS",
    "World",
    "_codes",
    "_days",
    "_n_dirty",
    "_occurrence_rank",
    "_rng",
    "_take",
    "_uniform_between",
    "build_dataset",
    "campaign_slugs",
    "generate",
    "main",
    "outcome_uniforms",
    "parse_args",
    "parse_as_of",
    "shape_specs",
    "table_specs",
    "touch_utms",
    "write_table",
]
