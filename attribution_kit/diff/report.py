"""Write a diff as Markdown (a pull-request comment), as JSON, and as a short console summary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from attribution_kit.diff.builds import Build
from attribution_kit.diff.compare import HALF_CENT, Comparison, MartDiff


def money(value: float | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def signed_money(value: float) -> str:
    return f"{value:+,.2f}"


def points(share_delta: float) -> str:
    """A change of share in percentage points."""
    return f"{100 * share_delta:+.2f} pp"


def relative(text: str) -> str:
    """Paths under the current folder (the repository) without its prefix."""
    return text.replace(f"{Path.cwd()}/", "")


def build_line(build: Build) -> str:
    what = f"`{build.ref}` ({build.commit[:10]})"
    if build.reused:
        return f"- {build.label}: {what}, reused from an earlier diff of the same tree and data"
    how = relative(" ".join(build.selection))
    line = f"- {build.label}: {what}, built in {build.seconds:.0f} s (`dbt build {how}`)"
    if build.slim and "refused" in build.slim:
        line += f"; slim CI not used: {build.slim['refused']}"
    elif build.slim:
        built = build.slim["built_models"]
        names = ", ".join(built[:12]) + (", ..." if len(built) > 12 else "")
        line += (
            f"; slim CI against `{relative(build.slim['state'])}`: built {len(built)} "
            f"model{'s' if len(built) != 1 else ''} ({names}), "
            f"{build.slim['deferred_models']} deferred to the base build"
        )
    return line


def headline(comparison: Comparison) -> str:
    changed, unchanged = comparison.changed_models, comparison.unchanged_models
    models = (
        f"**{len(changed)} attribution model{'s' if len(changed) != 1 else ''} moved** ({', '.join(changed)})"
        if changed
        else "**No attribution model moved**"
    )
    marts = comparison.changed_marts
    return (
        f"{models}, {len(unchanged)} unchanged. "
        f"**{len(marts)} of {len(comparison.marts)} marts changed**"
        + (f" ({', '.join(marts)})." if marts else ".")
    )


def channel_section(comparison: Comparison) -> list[str]:
    lines = ["### Credit by attribution model and channel", ""]
    for model in comparison.changed_models:
        rows = [
            r for r in comparison.channels
            if r["attribution_model"] == model
            and (abs(r["revenue_delta"]) >= HALF_CENT or abs(r["pipeline_delta"]) >= HALF_CENT)
        ]  # fmt: skip
        lines += [
            f"**{model}** (won revenue and pipeline; Δ share: change of the channel's share, in points)",
            "",
            "| channel | won revenue before | after | Δ | Δ share | pipeline before | after | Δ | Δ share |",
            "|---|--:|--:|--:|--:|--:|--:|--:|--:|",
        ]
        lines += [
            f"| {r['channel']} | {money(r['revenue_before'])} | {money(r['revenue_after'])} | "
            f"{signed_money(r['revenue_delta'])} | {points(r['revenue_share_delta'])} | "
            f"{money(r['pipeline_before'])} | {money(r['pipeline_after'])} | "
            f"{signed_money(r['pipeline_delta'])} | {points(r['pipeline_share_delta'])} |"
            for r in rows
        ]
        if not rows:
            lines.append("| (credit moved within channels only) | | | | | | | | |")
        lines.append("")
    if comparison.unchanged_models:
        lines += [f"Unchanged: {', '.join(comparison.unchanged_models)}.", ""]
    return lines


def movers_section(comparison: Comparison) -> list[str]:
    if not comparison.top_opportunities:
        return []
    lines = [
        "### Opportunities whose credit moved most",
        "",
        "Gained / lost: revenue credit per channel (pipeline for a deal that is not won).",
        "",
        "| model | opportunity | revenue moved | pipeline moved | channels gained / lost | journey |",
        "|---|---|--:|--:|---|---|",
    ]
    lines += [
        f"| {m['attribution_model']} | {m['opportunity_id']} | {money(m['revenue_moved'])} | "
        f"{money(m['pipeline_moved'])} | {channel_moves(mover_channels(m))} | {short_path(m['journey'])} |"
        for m in comparison.top_opportunities
    ]
    return [*lines, ""]


def channel_moves(moves: list[dict[str, Any]], limit: int = 3) -> str:
    """The channels that gained and lost most, e.g. `paid_search +11,712.00, direct -17,913.00`."""
    gains = sorted((m for m in moves if m["delta"] >= HALF_CENT), key=lambda m: -m["delta"])
    losses = sorted((m for m in moves if m["delta"] <= -HALF_CENT), key=lambda m: m["delta"])
    shown = gains[:limit] + losses[:limit]
    text = ", ".join(f"{m['channel']} {signed_money(m['delta'])}" for m in shown)
    hidden = len(gains) + len(losses) - len(shown)
    return text + (f" (and {hidden} more)" if hidden else "")


def mover_channels(mover: dict[str, Any]) -> list[dict[str, Any]]:
    """A won deal's revenue credit per channel; pipeline credit for a deal that is not won."""
    return mover["revenue_by_channel" if mover["revenue_moved"] >= HALF_CENT else "pipeline_by_channel"]


def short_path(path: str, head: int = 4, tail: int = 4) -> str:
    """A long journey as its first and last steps: `a > b > ... > y > z (n steps)`."""
    steps = path.split(" > ")
    if len(steps) <= head + tail + 1:
        return path
    return " > ".join(steps[:head] + ["..."] + steps[-tail:]) + f" ({len(steps)} steps)"


def mart_columns_text(mart: MartDiff) -> str:
    parts = [f"+{c}" for c in mart.columns_added] + [f"-{c}" for c in mart.columns_removed]
    parts += [f"{t['column']} {t['before']}→{t['after']}" for t in mart.columns_type_changed]
    parts += [f"{c} ({n:,})" for c, n in mart.changed_columns.items()]
    return ", ".join(parts)


def marts_section(comparison: Comparison) -> list[str]:
    changed = [m for m in comparison.marts if m.status != "unchanged"]
    lines = ["### Marts", ""]
    if changed:
        lines += [
            "| mart | status | rows before | rows after | keys added | removed | changed "
            "| columns (rows changed) |",
            "|---|---|--:|--:|--:|--:|--:|---|",
        ]
        lines += [
            f"| {m.name} | {m.status} | {'' if m.rows_before is None else f'{m.rows_before:,}'} | "
            f"{'' if m.rows_after is None else f'{m.rows_after:,}'} | {m.keys_added:,} | "
            f"{m.keys_removed:,} | {m.keys_changed:,} | {mart_columns_text(m)} |"
            for m in changed
        ]
        lines.append("")
    contracts = [m for m in comparison.marts if m.contract_changes]
    if contracts:
        lines += ["Declared contracts that changed:", ""]
        lines += [f"- {m.name}: {'; '.join(m.contract_changes)}" for m in contracts]
        lines.append("")
    same = [m.name for m in comparison.marts if m.status == "unchanged"]
    if same:
        lines += [
            f"<details><summary>{len(same)} marts unchanged</summary>",
            "",
            ", ".join(same),
            "",
            "</details>",
            "",
        ]
    return lines


def settings_section(comparison: Comparison) -> list[str]:
    if not comparison.settings:
        return ["### Settings", "", "No setting differs (rpt_attribution_run_settings).", ""]
    lines = ["### Settings that differ", "", "| setting | before | after |", "|---|---|---|"]
    lines += [f"| {s['setting']} | {s['before']} | {s['after']} |" for s in comparison.settings]
    return [*lines, ""]


def markdown(comparison: Comparison, base: Build, head: Build, data_dir: str) -> str:
    lines = [
        "## Attribution diff",
        "",
        headline(comparison),
        "",
        build_line(base),
        build_line(head),
        f"- input: `{data_dir}` (the same raw files for both builds)",
        "",
        *channel_section(comparison),
        *movers_section(comparison),
        *settings_section(comparison),
        *marts_section(comparison),
    ]
    lines += [f"_Note: {note}_" for note in comparison.notes]
    return "\n".join(lines).rstrip() + "\n"


def build_json(build: Build) -> dict[str, Any]:
    return {
        "ref": build.ref,
        "commit": build.commit,
        "database": str(build.database),
        "reused": build.reused,
        "seconds": round(build.seconds, 1),
        "selection": build.selection,
        "slim": build.slim,
    }


def as_json(comparison: Comparison, base: Build, head: Build, data_dir: str) -> str:
    document = {
        "changed_models": comparison.changed_models,
        "unchanged_models": comparison.unchanged_models,
        "changed_marts": comparison.changed_marts,
        "settings": comparison.settings,
        "channels": comparison.channels,
        "top_opportunities": comparison.top_opportunities,
        "marts": [m.as_dict() for m in comparison.marts],
        "base": build_json(base),
        "head": build_json(head),
        "data_dir": data_dir,
        "notes": comparison.notes,
    }
    return json.dumps(document, indent=2, default=str) + "\n"


def summary(comparison: Comparison, base: Build, head: Build) -> str:
    settings = ", ".join(f"{s['setting']} {s['before']} -> {s['after']}" for s in comparison.settings)
    return "\n".join(
        [
            f"base {base.commit[:10]} ({base.ref}) vs head {head.commit[:10]} ({head.ref})",
            f"attribution models moved: {', '.join(comparison.changed_models) or 'none'}"
            f" ({len(comparison.unchanged_models)} unchanged)",
            f"marts changed: {', '.join(comparison.changed_marts) or 'none'} (of {len(comparison.marts)})",
            f"settings changed: {settings or 'none'}",
        ]
    )
