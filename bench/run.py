"""Run every benchmark and print a summary: `python -m bench.run [--quick]`.

`--quick` uses small sizes, as a smoke check that the benchmarks still work (its ratios mean
little). Results are also appended to bench/results/latest.jsonl, which a run starts afresh.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from bench import (
    bench_activites,
    bench_carte,
    bench_charge_site,
    bench_dix_millions,
    bench_doublons,
    bench_projector,
    bench_rapports,
    bench_verification,
    bench_write,
)
from bench.common import RESULTS_FILE, Result, bench_server, fmt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (smoke check)")
    parser.add_argument(
        "--only",
        choices=(
            "projector",
            "write",
            "activites",
            "carte",
            "rapports",
            "verification",
            "doublons",
            "site",
            "dixmillions",
        ),
        action="append",
        help="run only these (`site`, the whole-site load test, and `dixmillions`, a store of "
        "10M events, run only when asked)",
    )
    parser.add_argument(
        "--baseline-events",
        type=int,
        default=None,
        help="events the slow ProjectionRunner baseline processes (default 10,000; quick 2,000)",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="uvicorn worker processes serving the write benchmarks (default 1)",
    )
    parser.add_argument(
        "--strict", action="store_true", help="exit with status 1 if a ratio is below its goal"
    )
    args = parser.parse_args(argv)
    selected = set(
        args.only
        or ("projector", "write", "activites", "carte", "rapports", "verification", "doublons")
    )
    if RESULTS_FILE.exists():
        RESULTS_FILE.unlink()

    started = time.perf_counter()
    results: list[Result] = []
    with bench_server() as server_dsn:
        if "projector" in selected:
            if args.quick:
                sizes = {"events": 10_000, "places": 2_000, "baseline_events": 2_000}
            else:
                sizes = {"events": 100_000, "places": 20_000, "baseline_events": 10_000}
            if args.baseline_events is not None:
                sizes["baseline_events"] = args.baseline_events
            results.append(bench_projector.run(server_dsn, **sizes))
            print()
        # The two write benchmarks post the same number of commands, in the same rounds.
        ecriture: dict[str, Any] = (
            {"operations": 300, "rounds": 1, "warmup": 50}
            if args.quick
            else {"operations": 2000, "rounds": 3}
        )
        if "write" in selected:
            results.append(bench_write.run(server_dsn, workers=args.workers, **ecriture))
            print()

        if "activites" in selected:
            results.append(
                bench_activites.run_activites(server_dsn, workers=args.workers, **ecriture)
            )
            print()

        if "carte" in selected:
            results += bench_carte.run(server_dsn, places=2_000 if args.quick else 20_000)
            print()

        if "doublons" in selected:
            results.append(bench_doublons.run(server_dsn, places=2_000 if args.quick else 20_000))
            print()
        if "rapports" in selected:
            if args.quick:
                results += bench_rapports.run(server_dsn, petite=10_000, grande=50_000)
            else:
                results += bench_rapports.run(server_dsn)
            print()
        if "verification" in selected:
            results.append(
                bench_verification.run(server_dsn, sessions=5_000 if args.quick else 100_000)
            )
            print()
        if "dixmillions" in selected:
            results += bench_dix_millions.run(
                server_dsn, evenements=100_000 if args.quick else 10_000_000
            )
            print()
        if "site" in selected:
            if args.quick:
                results.append(
                    bench_charge_site.run(
                        server_dsn, paliers=(1, 4), secondes=10, personnes=200, jours=60
                    )
                )
            else:
                results.append(bench_charge_site.run(server_dsn))
            print()

    kind = "quick" if args.quick else "full"
    print(f"Summary ({kind} run, {time.perf_counter() - started:.0f} s)")
    header = f"{'benchmark':<22} {'ours':>12} {'baseline':>12} {'unit':<9} {'ratio':>8} {'goal':>6}"
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.name:<22} {fmt(r.ours):>12} {fmt(r.baseline):>12} {r.unit:<9} "
            f"{r.ratio:>7.2f}× {'≥' + format(r.goal, 'g'):>6}  {'OK' if r.ok else 'BELOW GOAL'}"
        )
    for r in results:
        if "ours_p95_ms" in r.extra:
            print(
                f"{r.name}: p50={r.extra['ours_p50_ms']:.1f} ms "
                f"p95={r.extra['ours_p95_ms']:.1f} ms (bar p95 ≤ {r.extra['p95_bar_ms']:.1f} ms)"
            )
        if "capacity_users" in r.extra:
            print(f"{r.name}: {r.extra['capacity_users']} simultaneous users at the bar")
        if "quality_bar_events_per_s" in r.extra:
            bar = r.extra["quality_bar_events_per_s"]
            print(
                f"{r.name}: {fmt(r.ours)} events/s absolute "
                f"(bar ≥ {bar:,}: {'OK' if r.ours >= bar else 'BELOW BAR'})"
            )
        if "bar_ms" in r.extra:
            calculer = r.extra.get("calculer_ms")
            rapport = f", whole report {calculer:.1f} ms" if calculer is not None else ""
            print(
                f"{r.name}: {r.ours:.1f} ms absolute (bar ≤ {r.extra['bar_ms']:g} ms: "
                f"{'OK' if r.ours <= r.extra['bar_ms'] else 'BELOW BAR'}){rapport}"
            )
        if "scale_factor" in r.extra:
            factor, most = r.extra["scale_factor"], r.extra["scale_max"]
            print(
                f"{r.name}: ours(large)/ours(small) = {factor:.2f} "
                f"(bar ≤ {most:g}: {'OK' if factor <= most else 'BELOW BAR'})"
            )
    print(f"Results: {RESULTS_FILE}")
    return 1 if args.strict and not all(r.ok for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
